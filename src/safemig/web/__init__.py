"""The dashboard (``safemig serve``): published indicators on the web, for logged-in users.

See ``docs/dashboard.md``; the application is built by :func:`safemig.web.app.create_app`.
"""
