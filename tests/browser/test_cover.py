"""The pages axe reads hold every feature of the site, so a page with something no other
page has (an image without alt, a list item outside a list) is always among them."""

from pathlib import Path

from tests.browser.cover import covering_pages, features

TEMPLATE = "<html><body><h1>{title}</h1><ul><li>{item}</li></ul>{extra}</body></html>"


def write(folder: Path, name: str, extra: str = "", title: str = "t", item: str = "i") -> Path:
    page = folder / name
    page.write_text(TEMPLATE.format(title=title, item=item, extra=extra))
    return page


def test_pages_from_one_template_with_other_text_are_read_once(tmp_path: Path):
    pages = [write(tmp_path, f"{n}.html", title=f"page {n}", item=str(n)) for n in range(5)]
    assert covering_pages(pages) == [pages[0]]


def test_a_page_with_anything_of_its_own_is_read(tmp_path: Path):
    plain = [write(tmp_path, f"{n}.html") for n in range(3)]
    odd = {
        "alt.html": '<img src="a.png" alt="a">',
        "no-alt.html": '<img src="a.png">',
        "stray.html": "<li>outside a list</li>",
        "skip.html": "<h3>a skipped level</h3>",
        "class.html": '<p class="faint">x</p>',
        "role.html": '<div role="button">x</div>',
    }
    pages = plain + [write(tmp_path, name, extra) for name, extra in odd.items()]
    chosen = covering_pages(pages)
    assert {p.name for p in chosen} >= set(odd)
    assert len([p for p in chosen if p in plain]) <= 1
    assert set().union(*map(features, chosen)) == set().union(*map(features, pages))
