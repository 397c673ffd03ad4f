"""Where events go: the project's DSN, or an endpoint, project id and API key."""

import re
from typing import NamedTuple, Optional, Union

# http(s)://<public key>@host[:port][/path prefix]/<project id>, as the project's settings page shows it
_DSN = re.compile(r"^(https?)://([^@/]+)@([^/]+)(/.*)?/(\d+)/?$")


class Target(NamedTuple):
    url: str
    project_id: int
    api_key: str


def resolve_target(
    dsn: Optional[str] = None,
    endpoint: Optional[str] = None,
    project_id: Union[int, str, None] = None,
    api_key: Optional[str] = None,
) -> Target:
    """Reads the DSN or the endpoint/project id/key triple; raises ValueError naming what is wrong."""
    base = endpoint
    if dsn:
        match = _DSN.match(dsn.strip())
        if not match:
            raise ValueError("Flytrap: the DSN must look like https://<key>@host/<project id>")
        scheme, api_key, host, prefix, project_id = match.groups()
        base = scheme + "://" + host + (prefix or "")
    try:
        number = int(str(project_id).strip())
    except ValueError:
        number = 0
    if not base or not api_key or number <= 0:
        raise ValueError("Flytrap: give a dsn, or endpoint, project_id and api_key")
    # The key travels in the x-api-key header, not in the URL as browsers send it: on a server nothing stops us
    # from setting headers, and a key kept out of URLs stays out of proxy and access logs.
    return Target(base.rstrip("/") + "/api/errors", number, api_key)
