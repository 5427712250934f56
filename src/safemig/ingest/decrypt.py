"""Decrypt encrypted ODK submissions (forms with a ``public_key``), as the spec describes.

ODK XForms encryption (getodk.github.io/xforms-spec/encryption): for each finalised
submission ODK Collect draws a random 256-bit AES key, encrypts ``submission.xml`` and each
media file with AES-256-CFB and PKCS#5 padding (Java ``AES/CFB/PKCS5Padding``), and sends a
manifest holding the AES key encrypted with the form's RSA public key (Java
``RSA/NONE/OAEPWithSHA256AndMGF1Padding``: OAEP with SHA-256, MGF1 with SHA-1) and a signature:
the RSA-encrypted MD5 of the form id, version, encrypted key, instance id and
``<file>::<md5 of the plain file>`` lines, each line ending with a newline. The IV of the
n-th file is MD5(instanceID + key) with byte ``(n-1) mod 16`` incremented n times in turn.

A wrong private key, a changed byte or a missing file raises :class:`DecryptionError`;
nothing is ingested then.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safemig.errors import DecryptionError

_ODK = "{http://opendatakit.org/submissions}"
_OPENROSA = "{http://openrosa.org/xforms}"


@dataclass(frozen=True)
class Manifest:
    """What the unencrypted ``submission.xml`` manifest of an encrypted submission says."""

    form_id: str
    version: str
    encrypted_key: str
    instance_id: str
    media: tuple[str, ...]
    xml_file: str
    signature: str


def read_manifest(xml: bytes, where: str = "manifest") -> Manifest:
    """Parse a manifest (namespaced or not); DecryptionError when a field is missing."""
    import defusedxml.ElementTree as ElementTree

    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise DecryptionError(f"{where}: not XML ({exc})") from exc

    def text(*names: str) -> str:
        for name in names:
            found = root.find(f".//{name}")
            if found is not None and found.text:
                return found.text.strip()
        raise DecryptionError(f"{where}: no {names[-1].split('}')[-1]} in the manifest")

    media = tuple(
        f.text.strip()
        for f in root.iter()
        if f.tag.endswith("file") and f.text and f.tag.split("}")[-1] == "file"
    )
    return Manifest(
        form_id=root.get("id", ""),
        version=root.get("version", ""),
        encrypted_key=text(f"{_ODK}base64EncryptedKey", "base64EncryptedKey"),
        instance_id=text(f"{_OPENROSA}instanceID", "instanceID"),
        media=media,
        xml_file=text(f"{_ODK}encryptedXmlFile", "encryptedXmlFile"),
        signature=text(f"{_ODK}base64EncryptedElementSignature", "base64EncryptedElementSignature"),
    )


def _oaep() -> Any:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    return padding.OAEP(
        mgf=padding.MGF1(algorithm=hashes.SHA1()), algorithm=hashes.SHA256(), label=None
    )


def load_private_key(pem: bytes, where: str = "private key") -> Any:
    """An RSA private key from PEM bytes."""
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        return load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise DecryptionError(f"{where}: not an unencrypted PEM private key ({exc})") from exc


def iv_sequence(instance_id: str, key: bytes, count: int) -> list[bytes]:
    """The IVs of the first ``count`` files of a submission (see the module docstring)."""
    seed = bytearray(hashlib.md5(instance_id.encode("utf-8") + key).digest())
    ivs = []
    for n in range(count):
        seed[n % 16] = (seed[n % 16] + 1) % 256
        ivs.append(bytes(seed))
    return ivs


def _aes(key: bytes, iv: bytes, data: bytes, where: str) -> bytes:
    # CFB lives in "decrepit" since cryptography 47, but it is what the ODK specification uses.
    from cryptography.hazmat.decrepit.ciphers.modes import CFB
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

    decryptor = Cipher(algorithms.AES(key), CFB(iv)).decryptor()
    padded = decryptor.update(data) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError as exc:
        raise DecryptionError(
            f"{where}: the decrypted file is not valid (tampered or truncated)"
        ) from exc


def decrypt_submission(
    manifest_xml: bytes, files: Mapping[str, bytes], private_key: Any, where: str = "submission"
) -> tuple[bytes, dict[str, bytes]]:
    """Decrypt one submission: its XML and its media files, after checking the signature.

    Parameters
    ----------
    manifest_xml : bytes
        The unencrypted ``submission.xml`` manifest.
    files : mapping
        Encrypted file name (``submission.xml.enc``, ``photo.jpg.enc``) to bytes.
    private_key
        From :func:`load_private_key`.

    Raises
    ------
    DecryptionError
        Wrong key, missing file, tampered content or signature mismatch.
    """
    manifest = read_manifest(manifest_xml, where)
    try:
        key = private_key.decrypt(base64.b64decode(manifest.encrypted_key), _oaep())
    except ValueError as exc:
        raise DecryptionError(
            f"{where}: the private key does not open this submission (wrong key for this form?)"
        ) from exc
    names = [*manifest.media, manifest.xml_file]
    missing = [n for n in names if n not in files]
    if missing:
        raise DecryptionError(f"{where}: encrypted file(s) missing: {', '.join(missing)}")
    ivs = iv_sequence(manifest.instance_id, key, len(names))
    plain = {n: _aes(key, iv, files[n], f"{where}/{n}") for n, iv in zip(names, ivs, strict=True)}
    _check_signature(manifest, plain, names, private_key, where)
    xml = plain.pop(manifest.xml_file)
    return xml, {n.removesuffix(".enc"): data for n, data in plain.items()}


def signature_text(manifest: Manifest, plain: Mapping[str, bytes], names: list[str]) -> bytes:
    """The text whose MD5 the submission signs (each line ends with a newline)."""
    lines = [
        manifest.form_id,
        *([manifest.version] if manifest.version else []),
        manifest.encrypted_key,
        manifest.instance_id,
    ]
    lines += [f"{n.removesuffix('.enc')}::{hashlib.md5(plain[n]).hexdigest()}" for n in names]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _check_signature(
    manifest: Manifest, plain: Mapping[str, bytes], names: list[str], private_key: Any, where: str
) -> None:
    expected = hashlib.md5(signature_text(manifest, plain, names)).digest()
    try:
        signed = private_key.decrypt(base64.b64decode(manifest.signature), _oaep())
    except ValueError as exc:
        raise DecryptionError(f"{where}: the signature cannot be read (tampered?)") from exc
    if signed != expected:
        raise DecryptionError(
            f"{where}: the signature does not match the content: the "
            "submission was changed after it was encrypted"
        )


def submission_record(xml: bytes) -> dict[str, str]:
    """A decrypted submission as one record keyed by Kobo-style paths (``group/question``)."""
    import defusedxml.ElementTree as ElementTree

    record: dict[str, str] = {}

    def walk(element: Any, path: tuple[str, ...]) -> None:
        children = list(element)
        if not children:
            record["/".join(path)] = (element.text or "").strip()
        for child in children:
            walk(child, (*path, child.tag.split("}")[-1]))

    walk(ElementTree.fromstring(xml), ())
    return {k: v for k, v in record.items() if k}


def read_encrypted_folder(folder: Path, private_key_pem: bytes) -> list[dict[str, str]]:
    """Every submission in an ODK Briefcase-style folder (``<instance>/submission.xml``)."""
    key = load_private_key(private_key_pem)
    records = []
    for manifest in sorted(folder.glob("*/submission.xml")):
        files = {p.name: p.read_bytes() for p in manifest.parent.glob("*.enc")}
        xml, _media = decrypt_submission(manifest.read_bytes(), files, key, str(manifest.parent))
        records.append(submission_record(xml))
    if not records:
        raise DecryptionError(f"{folder}: no <instance>/submission.xml found")
    return records
