"""The public site: static HTML, open data and feeds, built from the read models only."""

from dcledger.projections.site.builder import Published, build, publish

__all__ = ["Published", "build", "publish"]
