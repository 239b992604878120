"""reStructuredText README → Outline, from the docutils doctree.

docutils runs with every side door shut: no configuration files, no `include`/`raw`/`csv-table`
file or URL reads, no messages on stderr, never halting. Its error nodes (an unknown Sphinx
directive, say) and substitution definitions, comments, targets and images are not prose.
"""

from __future__ import annotations

import io
from typing import Any

from docutils import nodes
from docutils.core import publish_doctree

from bot.criteria.readme import CodeBlock, Heading, Link, Outline, OutlineBuilder, Paragraph, ReadmeParseError

SETTINGS: dict[str, Any] = {
    "_disable_config": True,  # never read docutils.conf from the working directory or home
    "report_level": 5,
    "halt_level": 5,
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "syntax_highlight": "none",
    "doctitle_xform": False,  # the top title stays a section, like a Markdown `#` heading
    "sectsubtitle_xform": False,
    "input_encoding": "unicode",
    "traceback": True,
}
NOT_PROSE = (
    nodes.system_message,
    nodes.problematic,
    nodes.comment,
    nodes.substitution_definition,
    nodes.target,
    nodes.image,
    nodes.raw,
    nodes.literal_block,
    nodes.doctest_block,
    nodes.title,
)


def parse(text: str) -> Outline:
    result = OutlineBuilder()
    try:
        document = publish_doctree(text, settings_overrides={**SETTINGS, "warning_stream": io.StringIO()})
        walk(document, result, depth=0, in_table=False)
    except Exception as error:  # any failure of the parser on untrusted text is reported, not raised
        raise ReadmeParseError(f"docutils could not parse it ({type(error).__name__}: {error})") from error
    return result.build()


def walk(node: nodes.Element, result: OutlineBuilder, depth: int, in_table: bool) -> None:
    for child in node.children:
        if not isinstance(child, nodes.Element) or isinstance(child, (nodes.system_message, nodes.comment)):
            continue
        if isinstance(child, nodes.section):
            title = next((c for c in child.children if isinstance(c, nodes.title)), None)
            if title is not None:
                result.headings.append(Heading(depth + 1, prose(title), line_of(title)))
                collect_links(title, result)
            walk(child, result, depth + 1, in_table)
        elif isinstance(child, (nodes.literal_block, nodes.doctest_block)):
            language = "pycon" if isinstance(child, nodes.doctest_block) else code_language(child)
            result.code_blocks.append(CodeBlock(language, child.astext(), line_of(child), result.section))
        elif isinstance(child, nodes.paragraph):
            text = prose(child).strip()
            if text:
                result.paragraphs.append(Paragraph(text, line_of(child), result.section, in_table))
            collect_links(child, result)
        elif isinstance(child, nodes.reference):
            collect_links(child, result, include_self=True)
        elif not isinstance(child, NOT_PROSE):
            walk(child, result, depth, in_table or isinstance(child, nodes.table))


def prose(node: nodes.Element) -> str:
    """The text of a paragraph or title without images, error messages or substitution markup."""
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, nodes.Text):
            parts.append(str(child))
        elif isinstance(child, nodes.Element) and not isinstance(child, NOT_PROSE):
            parts.append(prose(child))
    return "".join(parts)


def collect_links(node: nodes.Element, result: OutlineBuilder, include_self: bool = False) -> None:
    found = [node] if include_self and isinstance(node, nodes.reference) else []
    found += [ref for ref in node.findall(nodes.reference, include_self=False)]
    for reference in found:
        url = reference.get("refuri")
        if not url:
            continue
        label = " ".join(prose(reference).split())
        image_only = not label and any(True for _ in reference.findall(nodes.image))
        result.links.append(Link(str(url), label, line_of(reference), result.section, image_only))


def code_language(block: nodes.Element) -> str:
    classes = [str(name).lower() for name in block.get("classes", []) if str(name).lower() != "code"]
    return classes[0] if classes else ""


def line_of(node: nodes.Node) -> int:
    """The node's line, or its nearest ancestor's (docutils leaves some inline nodes without one)."""
    current: nodes.Node | None = node
    while current is not None:
        if current.line:
            return int(current.line)
        current = current.parent
    return 0
