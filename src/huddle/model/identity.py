"""Session codes, keys and the per-activity answer keys that keep participants unlinkable (P2, R3)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import unicodedata

from .errors import InvalidValue

#: Read aloud without confusion: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V, G/6.
CODE_ALPHABET = "ACDEFHJKMNPRTWXY34679"
CODE_LENGTH = 6
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
SUBMISSION = re.compile(r"^[A-Za-z0-9_-]{8,128}$")


def new_code() -> str:
    """A fresh random session code such as ``K7MPX4``."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed, as a code: upper case, spaces and dashes dropped."""
    return re.sub(r"[\s-]+", "", text).upper()


def looks_like_code(text: str) -> bool:
    """True when ``text`` is a well-formed session code (it may still not exist)."""
    return len(text) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in text)


def new_secret() -> str:
    """A random URL-safe secret (facilitator keys, admin tokens, participant tokens)."""
    return secrets.token_urlsafe(24)


def digest(secret: str) -> str:
    """A one-way digest of a secret, which is what the store keeps."""
    return hashlib.sha256(secret.encode()).hexdigest()


def display_key(key_digest: str) -> str:
    """The session's display key, made from its facilitator key's digest: it lets the projector
    show the room's results but controls nothing (M2). Whoever holds the facilitator key can make
    it (``display_key(digest(key))``), the server can check it from what it stores, and nobody
    can work back from it to the facilitator key."""
    made = hashlib.sha256(b"huddle-display:" + key_digest.encode()).digest()
    return base64.urlsafe_b64encode(made).decode().rstrip("=")


def secret_matches(secret: str | None, expected_digest: str) -> bool:
    """Compare a presented secret with a stored digest in constant time."""
    if not secret:
        return False
    return hmac.compare_digest(digest(secret), expected_digest)


def check_participant(token: object) -> str:
    """A participant token as sent by a browser; raises ``InvalidValue`` when malformed."""
    if not isinstance(token, str) or not TOKEN.match(token):
        raise InvalidValue("The participant token is missing or malformed; reload the page to get a new one.")
    return token


def check_submission(submission_id: object) -> str:
    """A submission id; raises ``InvalidValue`` when malformed."""
    if not isinstance(submission_id, str) or not SUBMISSION.match(submission_id):
        raise InvalidValue("The submission id is missing or malformed.")
    return submission_id


def answer_key(salt: str, participant: str, activity_id: str) -> str:
    """The stored key of one person's answer to one activity.

    Keyed by the session's salt and the activity, so the same person has unrelated keys in
    different activities: the database alone cannot join their answers (P2).
    """
    message = f"{participant}\x00{activity_id}".encode()
    return hmac.new(salt.encode(), message, hashlib.sha256).hexdigest()[:32]


def group_answer_key(salt: str, group: int, activity_id: str) -> str:
    """The stored key of one breakout group's shared answer to a ``per_group`` activity.

    It is an answer key whose "participant" is the group, so any member reaches the same answer
    and nothing in it points at the member who wrote it. The prefix cannot be a participant
    token (those are URL-safe characters only), so it never meets a person's own key.
    """
    return answer_key(salt, f"\x00group:{group}", activity_id)


def submission_key(answer: str, submission_id: str) -> str:
    """The stored form of a submission id, tied to one answer key (for de-duplication, R2)."""
    return hashlib.sha256(f"{answer}\x00{submission_id}".encode()).hexdigest()[:32]


def item_id(answer: str) -> str:
    """A short public id for a free-text answer, used to moderate it."""
    return hashlib.sha256(f"item\x00{answer}".encode()).hexdigest()[:12]


#: A series name a programme lead picks ("Residents spring 2027"): words, digits, spaces and a few marks.
SERIES_NAME = re.compile(r"^\w[\w .'()-]{0,79}$")


def check_series(name: object) -> str:
    """A series name, trimmed and with runs of spaces made one; ``InvalidValue`` for anything else."""
    text = " ".join(name.split()) if isinstance(name, str) else ""
    if not SERIES_NAME.match(text):
        raise InvalidValue("A series name is 1 to 80 letters, digits and spaces (and . ' ( ) - _), starting with a letter or digit.")
    return text


def normalise_link(code: object) -> str:
    """A self-generated pairing code, upper case, letters and digits only (accents dropped);
    ``InvalidValue`` unless 4 to 16 of them remain."""
    text = unicodedata.normalize("NFKD", code).encode("ascii", "ignore").decode() if isinstance(code, str) else ""
    cleaned = re.sub(r"[^A-Z0-9]", "", text.upper())
    if not 4 <= len(cleaned) <= 16:
        raise InvalidValue("A pairing code is 4 to 16 letters and digits, made from the three answers on the page.")
    return cleaned


def series_secret(link_key: bytes, salt: str) -> bytes:
    """The secret of one series: the server's link key (never in the database) with the series' salt."""
    return hmac.new(link_key, f"series\x00{salt}".encode(), hashlib.sha256).digest()


def link_digest(secret: bytes, code: str) -> str:
    """What is stored for a pairing code: unreadable, and unguessable without the series' secret."""
    return hmac.new(secret, f"link\x00{code}".encode(), hashlib.sha256).hexdigest()[:32]


def link_key_from(admin_token: str) -> bytes:
    """The server's link key, made from its admin token, so every replica that shares the token
    pairs the same way and the database alone cannot reproduce a link."""
    return hmac.new(admin_token.encode(), b"huddle pairing links", hashlib.sha256).digest()
