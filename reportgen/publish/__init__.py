"""Publishes built editions to a website archive with checksums, and verifies it."""

from reportgen.publish.archive import AlreadyPublished, PublishResult, describe_publish, publish
from reportgen.publish.built import BuiltEdition, newest_build, read_build
from reportgen.publish.journal import recover
from reportgen.publish.manifest import SiteError
from reportgen.publish.verify import SiteProblem, describe_verify, verify

__all__ = [
    "AlreadyPublished",
    "BuiltEdition",
    "PublishResult",
    "SiteError",
    "SiteProblem",
    "describe_publish",
    "describe_verify",
    "newest_build",
    "publish",
    "read_build",
    "recover",
    "verify",
]
