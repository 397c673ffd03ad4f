"""What never leaves the process unless the app opts in: secrets in headers, URLs, contexts and breadcrumbs."""

import re
from typing import Any, Dict, Iterable, Tuple

# The same rules as the JavaScript SDKs (sdks/javascript/core/src/privacy.ts), so every SDK filters alike.
SECRET_KEY = re.compile(r"pass|secret|token|auth|cookie|session|api[-_]?key|credential|private|credit|card", re.I)
# Cookies, credentials and every header a proxy or CDN uses to pass on the client's address
PII_HEADER = re.compile(
    r"^(cookie|set-cookie|authorization|proxy-authorization|forwarded|x-forwarded-for|x-real-ip|true-client-ip"
    r"|cf-connecting-ip|x-client-ip|fastly-client-ip)$", re.I)
_URL_PARAMETER = re.compile(r"([?&#])([^=&#]+)=([^&#]*)")

FILTERED = "[Filtered]"
TOO_DEEP = "[Too deep]"
_MAX_DEPTH = 8


def safe_headers(headers: Iterable[Tuple[str, Any]], send_default_pii: bool) -> Dict[str, str]:
    """Headers safe to send: the PII headers (cookies, Authorization, forwarding) only when the app opted in to
    PII, other secret-looking ones (X-Api-Key, X-Auth-Token...) always masked: the option is about personal data,
    not about handing the app's credentials to the error monitor."""
    safe: Dict[str, str] = {}
    for name, value in headers:
        pii_header = PII_HEADER.match(name)
        if value is None or (pii_header and not send_default_pii):
            continue
        text = FILTERED if not pii_header and SECRET_KEY.search(name) else str(value)
        # A header sent twice arrives as two pairs; HTTP allows joining them with a comma
        safe[name] = safe[name] + ", " + text if name in safe and text != FILTERED else text
    return safe


def scrub(value: Any, depth: int = 0) -> Any:
    """A copy of a JSON-like value in which whatever sits under a secret-looking key is replaced, whole: a list of
    tokens or a dict of credentials holds secrets whatever its own keys say. Nesting deeper than the limit is
    replaced too, since it was not looked at (returned as it is, it would be sent as its repr)."""
    if isinstance(value, dict):
        if depth >= _MAX_DEPTH:
            return TOO_DEEP
        return {key: FILTERED if SECRET_KEY.search(str(key)) else scrub(item, depth + 1)
                for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        if depth >= _MAX_DEPTH:
            return TOO_DEEP
        return [scrub(item, depth + 1) for item in value]
    return value  # a plain value: its key, if any, was checked by the dict holding it


def scrub_url(url: str) -> str:
    """A URL with secret-looking query or fragment parameters filtered (?token=..., #access_token=...)."""
    return _URL_PARAMETER.sub(
        lambda m: m.group(1) + m.group(2) + "=" + FILTERED if SECRET_KEY.search(m.group(2)) else m.group(0), url)
