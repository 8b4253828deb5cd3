"""``mongolia-tui web``: the browser in a web page, one app process per tab (textual-serve).

Importing the package imports nothing: the CLI declares the options (:mod:`.options`) and the
app asks whether it runs under the web server (:mod:`.environment`) without loading aiohttp;
the server itself is :mod:`.server`.
"""
