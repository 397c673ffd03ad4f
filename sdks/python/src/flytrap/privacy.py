"""What never leaves the process unless the app opts in: secrets in headers, URLs, contexts and breadcrumbs."""

import re
from typing import Any, Dict, Iterable, Tuple

# The same rules as the JavaScript SDKs (sdks/javascript/core/src/privacy.ts), so every SDK filters alike.
SECRET_KEY = re.compile(r"pass|secret|token|auth|cookie|session|api[-_]?key|credential|private|credit|card", re.I)
PII_HEADER = re.compile(r"^(cookie|set-cookie|authorization|proxy-authorization|x-forwarded-for|x-real-ip)$", re.I)
_URL_PARAMETER = re.compile(r"([?&#])([^=&#]+)=([^&#]*)")

FILTERED = "[Filtered]"
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
    """A copy of a JSON-like value with scalar values under secret-looking keys replaced; depth-bounded."""
    if depth > _MAX_DEPTH:
        return value
    if isinstance(value, dict):
        return {
            key: FILTERED if SECRET_KEY.search(str(key)) and not isinstance(item, (dict, list, tuple))
            else scrub(item, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [scrub(item, depth + 1) for item in value]
    return value


def scrub_url(url: str) -> str:
    """A URL with secret-looking query or fragment parameters filtered (?token=..., #access_token=...)."""
    return _URL_PARAMETER.sub(
        lambda m: m.group(1) + m.group(2) + "=" + FILTERED if SECRET_KEY.search(m.group(2)) else m.group(0), url)
