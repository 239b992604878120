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
    reader = DoctreeReader(text)
    try:
        document = publish_doctree(text, settings_overrides={**SETTINGS, "warning_stream": io.StringIO()})
        reader.walk(document, depth=0, in_table=False)
    except Exception as error:  # any failure of the parser on untrusted text is reported, not raised
        raise ReadmeParseError(f"docutils could not parse it ({type(error).__name__}: {error})") from error
    return reader.result.build()


class DoctreeReader:
    """Walks a doctree in document order into an outline; finds code blocks' lines in the source
    (docutils gives a code directive the line after its block)."""

    def __init__(self, text: str) -> None:
        self.result = OutlineBuilder()
        self.source = text.splitlines()
        self.cursor = 0  # source lines before this index are behind the walk

    def walk(self, node: nodes.Element, depth: int, in_table: bool) -> None:
        result = self.result
        for child in node.children:
            if not isinstance(child, nodes.Element) or isinstance(
                child, (nodes.system_message, nodes.comment)
            ):
                continue
            if isinstance(child, nodes.section):
                title = next((c for c in child.children if isinstance(c, nodes.title)), None)
                if title is not None:
                    result.headings.append(Heading(depth + 1, prose(title), line_of(title)))
                    collect_links(title, result)
                self.walk(child, depth + 1, in_table)
            elif isinstance(child, (nodes.literal_block, nodes.doctest_block)):
                language = "pycon" if isinstance(child, nodes.doctest_block) else code_language(child)
                code = child.astext()
                result.code_blocks.append(
                    CodeBlock(language, code, self.line_before(code, child), result.section)
                )
            elif isinstance(child, nodes.paragraph):
                text = prose(child).strip()
                if text:
                    result.paragraphs.append(Paragraph(text, line_of(child), result.section, in_table))
                collect_links(child, result)
            elif isinstance(child, nodes.reference):
                collect_links(child, result, include_self=True)
            elif not isinstance(child, NOT_PROSE):
                self.walk(child, depth, in_table or isinstance(child, nodes.table))

    def line_before(self, code: str, block: nodes.Element) -> int:
        """The line just before the block's first line, as a Markdown fence line (content starts +1)."""
        first = next((line.strip() for line in code.splitlines() if line.strip()), "")
        for index in range(self.cursor, len(self.source)):
            if first and self.source[index].strip() == first:
                self.cursor = index + 1
                return index
        return max(line_of(block) - 1, 0)


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
