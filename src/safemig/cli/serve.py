"""``safemig serve`` (the dashboard) and ``safemig users`` (its accounts)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:
    """``safemig serve [--project DIR] [--host H] [--port P] [--secure-cookies]`` and
    ``safemig users add|remove|passwd|list``."""
    serve = commands.add_parser(
        "serve",
        help="serve the dashboard of published indicators / servir le tableau de bord",
        description="Serve the project's published indicators (results/ written by `safemig "
        "run`) on the web, to logged-in users only; create accounts first with `safemig users "
        "add`. / Sert les indicateurs publiés du projet sur le web, aux seuls utilisateurs "
        "connectés ; créez d'abord des comptes avec `safemig users add`.",
    )
    serve.add_argument("--project", default=".", help="project folder / dossier du projet")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on / adresse d'écoute"
    )
    serve.add_argument("--port", type=int, default=8000, help="port / port (default 8000)")
    serve.add_argument(
        "--secure-cookies",
        action="store_true",
        help="mark cookies Secure (behind HTTPS) / cookies « Secure » (derrière HTTPS)",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes (one per core) / processus de travail (un par cœur)",
    )
    serve.set_defaults(run=_serve)

    users = commands.add_parser(
        "users",
        help="dashboard accounts / comptes du tableau de bord",
        description="Add, remove, list dashboard accounts or change a password. Roles: viewer "
        "(published figures), analyst (adds unweighted n, flag details, quality), admin "
        "(accounts, audit log, re-run). / Ajouter, supprimer, lister les comptes ou changer "
        "un mot de passe. Rôles : viewer, analyst, admin.",
    )
    users.add_argument("--project", default=".", help="project folder / dossier du projet")
    actions = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser(
        "add",
        help="create an account / créer un compte",
        description="Create an account; the password is asked for (or read from stdin). / "
        "Crée un compte ; le mot de passe est demandé (ou lu sur l'entrée standard).",
    )
    add.add_argument("name", help="user name / nom d'utilisateur")
    add.add_argument(
        "--role",
        choices=("viewer", "analyst", "admin"),
        default="viewer",
        help="role / rôle (default viewer)",
    )
    _password_option(add)
    remove = actions.add_parser(
        "remove",
        help="delete an account / supprimer un compte",
        description="Delete an account and end its sessions. / Supprime un compte et ses sessions.",
    )
    remove.add_argument("name", help="user name / nom d'utilisateur")
    passwd = actions.add_parser(
        "passwd",
        help="change a password / changer un mot de passe",
        description="Change a password, end the account's sessions and lift a lock-out. / "
        "Change un mot de passe, ferme les sessions du compte et lève un verrouillage.",
    )
    passwd.add_argument("name", help="user name / nom d'utilisateur")
    _password_option(passwd)
    actions.add_parser(
        "list",
        help="list the accounts / lister les comptes",
        description="List the accounts and their roles. / Liste les comptes et leurs rôles.",
    )
    users.set_defaults(run=_users)


def _password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input / lire le mot de passe sur l'entrée",
    )


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from safemig.web.app import create_app

    app = create_app(Path(args.project), secure_cookies=args.secure_cookies)  # checks first
    if args.workers <= 1:
        uvicorn.run(app, host=args.host, port=args.port, log_level="info")
        return 0
    os.environ["SAFEMIG_PROJECT"] = str(Path(args.project).resolve())
    os.environ["SAFEMIG_SECURE_COOKIES"] = "1" if args.secure_cookies else "0"
    uvicorn.run(
        "safemig.web.app:app_from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
    )
    return 0


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password / mot de passe: ")
    if getpass.getpass("Again / encore: ") != first:
        from safemig.errors import AccountError
        from safemig.i18n import Text

        raise AccountError(Text("The two passwords differ.", "Les deux mots de passe diffèrent."))
    return first


def _users(args: argparse.Namespace) -> int:
    from safemig.web.accounts import Accounts
    from safemig.web.app import USERS_FILE

    accounts = Accounts(Path(args.project) / USERS_FILE)
    if args.action == "add":
        user = accounts.add(args.name, args.role, _password(args.password_stdin))
        print(f"{user.name} ({user.role})")
    elif args.action == "remove":
        accounts.remove(args.name)
    elif args.action == "passwd":
        accounts.set_password(args.name, _password(args.password_stdin))
    else:
        for user in accounts.users():
            print(f"{user.name}\t{user.role}")
    return 0
