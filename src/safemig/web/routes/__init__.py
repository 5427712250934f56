"""One router per page group; :data:`safemig.web.app.ROUTERS` lists them."""
