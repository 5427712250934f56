"""Encrypted ODK submissions: encrypted here by the specification, then decrypted and ingested."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from cryptography.hazmat.decrepit.ciphers.modes import CFB
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as rsa_padding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

from safemig.errors import DecryptionError
from safemig.ingest import ingest_file
from safemig.ingest.decrypt import decrypt_submission, load_private_key
from tests.ingest.conftest import query, snapshot

SUBMISSION = (
    b'<data id="small" version="2024030101"><start>2024-03-04T09:00:00+01:00</start>'
    b"<end>2024-03-04T09:40:00+01:00</end><enumerator_id>ENUM-101</enumerator_id>"
    b"<ea_id>EA-0001</ea_id><consent_given>yes</consent_given><profile>"
    b"<resp_age>33</resp_age><comments>\xc3\xa0 Zinder</comments></profile>"
    b"<meta><instanceID>uuid:e1</instanceID></meta></data>"
)


def _oaep() -> rsa_padding.OAEP:
    # Java's RSA/NONE/OAEPWithSHA256AndMGF1Padding: SHA-256 digest, MGF1 with SHA-1.
    return rsa_padding.OAEP(
        mgf=rsa_padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA256(), label=None
    )


def _encrypt(plain: bytes, key: bytes, iv: bytes) -> bytes:
    padder = padding.PKCS7(128).padder()
    data = padder.update(plain) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), CFB(iv)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def encrypt_submission(
    public_key, xml: bytes, instance_id: str = "uuid:e1", media: dict[str, bytes] | None = None
) -> tuple[bytes, dict[str, bytes]]:
    """Encrypt like ODK Collect: media first, then submission.xml; sign; write the manifest."""
    key = bytes(range(32))
    seed = bytearray(hashlib.md5(instance_id.encode() + key).digest())
    files, lines = {}, ["small", "2024030101"]
    encrypted_key = base64.b64encode(public_key.encrypt(key, _oaep())).decode()
    lines += [encrypted_key, instance_id]
    for n, (name, plain) in enumerate([*(media or {}).items(), ("submission.xml", xml)]):
        seed[n % 16] = (seed[n % 16] + 1) % 256
        files[f"{name}.enc"] = _encrypt(plain, key, bytes(seed))
        lines.append(f"{name}::{hashlib.md5(plain).hexdigest()}")
    digest = hashlib.md5(("\n".join(lines) + "\n").encode()).digest()
    signature = base64.b64encode(public_key.encrypt(digest, _oaep())).decode()
    media_xml = "".join(f"<media><file>{n}.enc</file></media>" for n in media or {})
    manifest = (
        f'<data xmlns="http://opendatakit.org/submissions" encrypted="yes" id="small" '
        f'version="2024030101"><base64EncryptedKey>{encrypted_key}</base64EncryptedKey>'
        f'<meta xmlns="http://openrosa.org/xforms"><instanceID>{instance_id}</instanceID>'
        f"</meta>{media_xml}<encryptedXmlFile>submission.xml.enc</encryptedXmlFile>"
        f"<base64EncryptedElementSignature>{signature}</base64EncryptedElementSignature>"
        f"</data>"
    ).encode()
    return manifest, files


@pytest.fixture(scope="module")
def keys():
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return private, pem


def test_decrypts_submission_and_media(keys) -> None:
    private, pem = keys
    manifest, files = encrypt_submission(
        private.public_key(), SUBMISSION, media={"photo.jpg": b"\xff\xd8 not really a jpeg"}
    )
    xml, media = decrypt_submission(manifest, files, load_private_key(pem))
    assert xml == SUBMISSION and media == {"photo.jpg": b"\xff\xd8 not really a jpeg"}


def test_wrong_key(keys) -> None:
    private, _ = keys
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    manifest, files = encrypt_submission(private.public_key(), SUBMISSION)
    with pytest.raises(DecryptionError, match="does not open"):
        decrypt_submission(manifest, files, other)


def test_tampered_file(keys) -> None:
    private, pem = keys
    manifest, files = encrypt_submission(private.public_key(), SUBMISSION)
    data = bytearray(files["submission.xml.enc"])
    data[40] ^= 0x01  # CFB: flips one plaintext bit, padding stays valid; the signature catches it
    files["submission.xml.enc"] = bytes(data)
    with pytest.raises(DecryptionError, match="signature does not match|not valid"):
        decrypt_submission(manifest, files, load_private_key(pem))


def _folder(tmp_path: Path, manifest: bytes, files: dict[str, bytes]) -> Path:
    instance = tmp_path / "instances" / "uuid_e1"
    instance.mkdir(parents=True)
    (instance / "submission.xml").write_bytes(manifest)
    for name, data in files.items():
        (instance / name).write_bytes(data)
    return tmp_path / "instances"


def test_ingest_encrypted_folder(keys, tmp_path: Path, settings, store: Path) -> None:
    private, pem = keys
    folder = _folder(tmp_path, *encrypt_submission(private.public_key(), SUBMISSION))
    with_key = settings.__class__(**{**settings.__dict__, "private_key": pem})
    summary = ingest_file(folder, store, with_key)
    assert (summary.format, summary.accepted) == ("odk_encrypted", 1)
    assert query(store, "SELECT _key, resp_age, comments FROM submissions") == [
        ("e1", 33, "à Zinder")
    ]


def test_ingest_tampered_folder_writes_nothing(keys, tmp_path: Path, settings, store: Path) -> None:
    private, pem = keys
    manifest, files = encrypt_submission(private.public_key(), SUBMISSION)
    files["submission.xml.enc"] = files["submission.xml.enc"][:-16]
    folder = _folder(tmp_path, manifest, files)
    with_key = settings.__class__(**{**settings.__dict__, "private_key": pem})
    with pytest.raises(DecryptionError):
        ingest_file(folder, store, with_key)
    assert snapshot(store) == {}
