"""Accounts, sessions and the audit log of the dashboard, in one embedded SQLite file.

Passwords are hashed with Argon2id (argon2-cffi, the reference implementation's binding).
Session tokens are random (``secrets.token_urlsafe``) and only their SHA-256 is stored, so a
copy of the database does not let anyone log in. After :data:`MAX_FAILURES` wrong passwords in
a row an account is locked for :data:`LOCK_MINUTES`; every login, lock-out, download and
account change is written to the audit log.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from safemig.errors import AccountError
from safemig.i18n import say

ROLES = ("viewer", "analyst", "admin")
MAX_FAILURES = 10
LOCK_MINUTES = 15
SESSION_HOURS = 12
MIN_PASSWORD = 10

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    hash TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    expires TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    address TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class User:
    """A dashboard account."""

    name: str
    role: str

    def can(self, role: str) -> bool:
        """Whether this account holds ``role`` or a higher one."""
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class Session:
    """A logged-in session: its user and the CSRF token its forms must carry."""

    user: User
    csrf: str


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    at: str
    user: str
    action: str
    detail: str
    address: str


class Accounts:
    """The account database of a project (``.safemig/users.sqlite`` by default)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(_SCHEMA)
        from argon2 import PasswordHasher

        self._hasher = PasswordHasher()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # One connection per thread, kept open: opening one costs more than the session
        # lookup every request makes. Each use is one transaction.
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=10)
            db.execute("PRAGMA foreign_keys = ON")
            self._local.db = db
        with db:
            yield db

    # Accounts -------------------------------------------------------------------------------

    def add(self, name: str, role: str, password: str) -> User:
        """Create an account; refuses an unknown role, a taken name or a short password."""
        _check_name(name)
        _check_role(role)
        _check_password(password)
        with self._connect() as db:
            if db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                raise AccountError(
                    say(
                        "User {n!r} already exists; choose another name or use "
                        "`safemig users passwd`.",
                        "L'utilisateur {n!r} existe déjà ; choisissez un autre nom ou "
                        "utilisez `safemig users passwd`.",
                        n=name,
                    )
                )
            db.execute(
                "INSERT INTO users (name, role, hash) VALUES (?, ?, ?)",
                (name, role, self._hasher.hash(password)),
            )
        self.audit("-", "user_added", f"{name} ({role})")
        return User(name, role)

    def remove(self, name: str) -> None:
        """Delete an account and its sessions."""
        with self._connect() as db:
            if not db.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount:
                raise _unknown(name)
        self.audit("-", "user_removed", name)

    def set_password(self, name: str, password: str) -> None:
        """Change a password, end the account's sessions and lift any lock-out."""
        _check_password(password)
        with self._connect() as db:
            changed = db.execute(
                "UPDATE users SET hash = ?, failures = 0, locked_until = NULL WHERE name = ?",
                (self._hasher.hash(password), name),
            ).rowcount
            if not changed:
                raise _unknown(name)
            db.execute("DELETE FROM sessions WHERE user = ?", (name,))
        self.audit("-", "password_changed", name)

    def users(self) -> list[User]:
        """Every account, by name."""
        with self._connect() as db:
            rows = db.execute("SELECT name, role FROM users ORDER BY name").fetchall()
        return [User(n, r) for n, r in rows]

    # Logging in -----------------------------------------------------------------------------

    def login(self, name: str, password: str, address: str) -> tuple[str, Session] | None:
        """Check a password; on success a new session token and its session, else ``None``.

        A locked account is refused even with the right password, until the lock expires.
        """
        from argon2.exceptions import VerificationError

        now = _now()
        with self._connect() as db:
            row = db.execute(
                "SELECT role, hash, failures, locked_until FROM users WHERE name = ?", (name,)
            ).fetchone()
        if row is None:
            # Same cost as a real check, so timing does not tell which names exist.
            _ = self._hasher.hash(password)
            self.audit(name, "login_failed", "unknown user", address)
            return None
        role, hashed, failures, locked_until = row
        if locked_until and datetime.fromisoformat(locked_until) > now:
            self.audit(name, "login_refused", "account locked", address)
            return None
        try:
            self._hasher.verify(hashed, password)
        except VerificationError:
            failures += 1
            lock = (now + timedelta(minutes=LOCK_MINUTES)).isoformat()
            locked = failures >= MAX_FAILURES
            with self._connect() as db:
                db.execute(
                    "UPDATE users SET failures = ?, locked_until = ? WHERE name = ?",
                    (0 if locked else failures, lock if locked else None, name),
                )
            self.audit(name, "locked_out" if locked else "login_failed", "", address)
            return None
        token = secrets.token_urlsafe(32)
        session = Session(User(name, role), secrets.token_urlsafe(32))
        with self._connect() as db:
            db.execute("UPDATE users SET failures = 0, locked_until = NULL WHERE name = ?", (name,))
            db.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?)",
                (
                    _digest(token),
                    name,
                    session.csrf,
                    (now + timedelta(hours=SESSION_HOURS)).isoformat(),
                ),
            )
        self.audit(name, "login", "", address)
        return token, session

    def is_locked(self, name: str) -> bool:
        """Whether ``name`` is locked out now."""
        with self._connect() as db:
            row = db.execute("SELECT locked_until FROM users WHERE name = ?", (name,)).fetchone()
        return bool(row and row[0] and datetime.fromisoformat(row[0]) > _now())

    def session(self, token: str) -> Session | None:
        """The live session of a token, or ``None`` (unknown or expired)."""
        # Every request asks this: one read on the thread's open connection, outside a
        # transaction block (a single SELECT is atomic on its own).
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            with self._connect() as db:
                pass
        row = db.execute(
            "SELECT u.name, u.role, s.csrf, s.expires FROM sessions s "
            "JOIN users u ON u.name = s.user WHERE s.token_hash = ?",
            (_digest(token),),
        ).fetchone()
        if row is None or datetime.fromisoformat(row[3]) <= _now():
            return None
        return Session(User(row[0], row[1]), row[2])

    def logout(self, token: str) -> None:
        """End a session."""
        with self._connect() as db:
            db.execute("DELETE FROM sessions WHERE token_hash = ?", (_digest(token),))

    # Audit ----------------------------------------------------------------------------------

    def audit(self, user: str, action: str, detail: str = "", address: str = "-") -> None:
        """Append one line to the audit log."""
        with self._connect() as db:
            db.execute(
                "INSERT INTO audit VALUES (?, ?, ?, ?, ?)",
                (_now().isoformat(timespec="seconds"), user, action, detail, address),
            )

    def audit_log(self, limit: int = 500) -> list[AuditEntry]:
        """The latest audit lines, newest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM audit ORDER BY rowid DESC LIMIT ?", (limit,)
            ).fetchall()
        return [AuditEntry(*r) for r in rows]


def _now() -> datetime:
    return datetime.now(UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_name(name: str) -> None:
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-@" for c in name):
        raise AccountError(
            say(
                "User name {n!r} is not allowed: use 1 to 64 letters, digits, '.', '_', '-' "
                "or '@'.",
                "Le nom d'utilisateur {n!r} n'est pas permis : utilisez 1 à 64 lettres, "
                "chiffres, '.', '_', '-' ou '@'.",
                n=name,
            )
        )


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(
            say(
                "Role {r!r} is unknown; choose viewer, analyst or admin.",
                "Le rôle {r!r} est inconnu ; choisissez viewer, analyst ou admin.",
                r=role,
            )
        )


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(
            say(
                "The password is too short: use at least {m} characters.",
                "Le mot de passe est trop court : utilisez au moins {m} caractères.",
                m=MIN_PASSWORD,
            )
        )


def _unknown(name: str) -> AccountError:
    return AccountError(
        say(
            "User {n!r} does not exist; `safemig users list` shows the accounts.",
            "L'utilisateur {n!r} n'existe pas ; `safemig users list` affiche les comptes.",
            n=name,
        )
    )
