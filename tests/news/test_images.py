"""Images: checked by Pillow, EXIF stripped, renditions generated once and reused."""

import io
import zipfile

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import Image

from apps.news import images
from apps.news.images import (
    RENDITION_WIDTHS,
    rendition_name,
    renditions_ensure,
    srcset_for,
    validate_image_upload,
)
from apps.news.models import ImageRendition
from apps.news.tasks import news_image_renditions
from apps.news.validators import validate_attachment
from tests.news.factories import ArticleFactory, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db


def _upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _jpeg_with_gps_and_rotation() -> bytes:
    image = Image.new("RGB", (120, 60), "#336699")
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° CW to display
    exif[0x010F] = "TestCam"  # Make
    gps = {1: "N", 2: (31.0, 13.0, 45.0), 3: "E", 4: (121.0, 28.0, 10.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "name"), [("PNG", "a.png"), ("JPEG", "a.jpg"), ("WEBP", "a.webp"), ("GIF", "a.gif")]
)
def test_real_images_of_allowed_formats_pass(fmt, name):
    validate_image_upload(_upload(png_bytes(fmt=fmt), name))


def test_text_file_named_jpg_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_image_upload(_upload(b"this is not an image at all\n" * 10, "photo.jpg"))
    assert exc.value.code == "image_invalid"


def test_truncated_image_is_refused():
    data = png_bytes(400, 300)
    with pytest.raises(ValidationError):
        validate_image_upload(_upload(data[: len(data) // 2], "cut.png"))


def test_other_image_formats_are_refused():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "BMP")
    with pytest.raises(ValidationError) as exc:
        validate_image_upload(_upload(out.getvalue(), "a.bmp"))
    assert exc.value.code == "image_format"


def test_oversized_file_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_IMAGE_BYTES", 1000)
    with pytest.raises(ValidationError) as exc:
        validate_image_upload(_upload(png_bytes(200, 200) + b"\0" * 2000, "big.png"))
    assert exc.value.code == "image_too_large"


def test_too_many_pixels_is_refused():
    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, "PNG")  # 48 MP, a few KB
    with pytest.raises(ValidationError) as exc:
        validate_image_upload(_upload(out.getvalue(), "wide.png"))
    assert exc.value.code == "image_too_many_pixels"


def test_decompression_bomb_is_a_validation_error_not_a_crash():
    out = io.BytesIO()
    Image.new("1", (10000, 9000)).save(out, "PNG")  # 90 MP: past Pillow's hard limit
    with pytest.raises(ValidationError) as exc:
        validate_image_upload(_upload(out.getvalue(), "bomb.png"))
    assert exc.value.code == "image_too_many_pixels"


def test_exif_and_gps_are_stripped_and_orientation_applied():
    article = ArticleFactory(cover=ContentFile(_jpeg_with_gps_and_rotation(), name="gps.jpg"))
    with default_storage.open(article.cover.name, "rb") as fh:
        stored = Image.open(fh)
        stored.load()
    assert stored.format == "JPEG"
    assert stored.size == (60, 120)  # rotated upright
    exif = stored.getexif()
    assert 0x8825 not in exif  # GPS
    assert 0x010F not in exif  # camera make
    assert 0x0112 not in exif  # orientation (already applied)
    assert "exif" not in stored.info


def test_renditions_are_generated_once_by_the_task_and_reused():
    cache.clear()
    article = ArticleFactory(cover=ContentFile(png_bytes(2000, 1000), name="wide.png"))
    news_image_renditions.delay(article.cover.name)  # eager in tests: the worker's job
    src, srcset = srcset_for(article.cover)
    names = [rendition_name(article.cover.name, w) for w in RENDITION_WIDTHS]
    assert all(default_storage.exists(n) for n in names)
    expected = [
        f"{default_storage.url(n)} {w}w" for n, w in zip(names, RENDITION_WIDTHS, strict=True)
    ]
    assert srcset == ", ".join([*expected, f"{article.cover.url} 2000w"])
    assert src == article.cover.url
    with default_storage.open(names[0], "rb") as fh:
        small = Image.open(fh)
        assert (small.format, small.size) == ("WEBP", (480, 240))
    assert ImageRendition.objects.filter(source_name=article.cover.name).count() == 3

    mtimes = [default_storage.get_modified_time(n) for n in names]
    cache.clear()
    renditions_ensure(article.cover.name)
    assert [default_storage.get_modified_time(n) for n in names] == mtimes
    assert ImageRendition.objects.filter(source_name=article.cover.name).count() == 3


def test_page_never_renders_renditions_it_shows_the_original_until_the_task_ran(
    django_assert_num_queries,
):
    cache.clear()
    article = ArticleFactory(cover=ContentFile(png_bytes(2000, 1000), name="fresh.png"))
    with django_assert_num_queries(0):
        src, srcset = srcset_for(article.cover)
    assert (src, srcset) == (article.cover.url, "")
    assert not default_storage.exists(rendition_name(article.cover.name, 480))
    assert not ImageRendition.objects.exists()


def test_srcset_for_costs_no_queries_once_cached(django_assert_num_queries):
    article = ArticleFactory(cover=ContentFile(png_bytes(600, 300), name="c.png"))
    renditions_ensure(article.cover.name)
    with django_assert_num_queries(0):
        srcset_for(article.cover)
        srcset_for(article.cover)


@pytest.mark.parametrize(
    ("width", "widths"),
    [(300, []), (480, []), (600, [480]), (1000, [480, 960]), (2000, [480, 960, 1440])],
)
def test_srcset_lists_only_widths_that_really_exist(width, widths):
    cache.clear()
    article = ArticleFactory(cover=ContentFile(png_bytes(width, 200), name="w.png"))
    renditions_ensure(article.cover.name)
    cache.clear()
    _src, srcset = srcset_for(article.cover)
    listed = [int(part.rsplit(" ", 1)[1][:-1]) for part in srcset.split(", ")] if srcset else []
    assert listed == ([*widths, width] if widths else [])
    for w in RENDITION_WIDTHS:
        exists = default_storage.exists(rendition_name(article.cover.name, w))
        assert exists == (w in widths)
        if exists:
            with default_storage.open(rendition_name(article.cover.name, w), "rb") as fh:
                assert Image.open(fh).width == w


def test_missing_source_falls_back_to_original_url():
    article = ArticleFactory(cover=ContentFile(png_bytes(), name="gone.png"))
    default_storage.delete(article.cover.name)
    cache.clear()
    assert renditions_ensure(article.cover.name) == {}
    assert srcset_for(article.cover) == (article.cover.url, "")


def test_responsive_image_tag_renders_srcset_and_alt():
    cache.clear()
    article = ArticleFactory(
        cover=ContentFile(png_bytes(1000, 500), name="t.png"), cover_alt="志愿者合影"
    )
    renditions_ensure(article.cover.name)
    html = Template(
        '{% load news_images %}{% responsive_image article.cover article.cover_alt "100vw" %}'
    ).render(Context({"article": article}))
    assert 'alt="志愿者合影"' in html
    assert 'sizes="100vw"' in html
    assert " 960w" in html
    assert " 1000w" in html
    assert " 1440w" not in html  # never a width that does not exist
    assert 'loading="lazy"' in html


def test_responsive_image_tag_renders_nothing_without_image():
    html = Template("{% load news_images %}{% responsive_image article.cover 'x' %}").render(
        Context({"article": ArticleFactory()})
    )
    assert html == ""


def test_attachment_validation_by_extension_and_magic():
    validate_attachment(_upload(pdf_bytes(), "a.pdf"))
    with pytest.raises(ValidationError):
        validate_attachment(_upload(b"<html>", "a.pdf"))
    with pytest.raises(ValidationError):
        validate_attachment(_upload(b"%PDF-1.4", "a.exe"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w/>")
    validate_attachment(_upload(buf.getvalue(), "a.docx"))
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as zf:
        zf.writestr("evil.js", "x")
    with pytest.raises(ValidationError):
        validate_attachment(_upload(plain_zip.getvalue(), "a.docx"))
    validate_attachment(_upload(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100, "a.doc"))
    with pytest.raises(ValidationError):
        validate_attachment(_upload(b"%PDF-1.4", "a.doc"))


def _pdf_with(change) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _open_action(kind: str):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    def change(writer) -> None:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject(kind), NameObject("/F"): TextStringObject("calc.exe")}
        )

    return change


def _script_in_name_tree(writer) -> None:
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    script = writer._add_object(
        DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
        )
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {NameObject("/Names"): ArrayObject([TextStringObject("x"), script])}
            )
        }
    )


def _script_on_page_open(writer) -> None:
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {
            NameObject("/O"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/JavaScript"),
                    NameObject("/JS"): TextStringObject("1"),
                }
            )
        }
    )


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (_open_action("/JavaScript"), "脚本"),
        (_open_action("/Launch"), "启动程序"),
        (_script_in_name_tree, "脚本"),
        (_script_on_page_open, "脚本"),
        (lambda writer: writer.encrypt("secret"), "未加密"),
    ],
    ids=["open-script", "open-launch", "document-script", "page-script", "encrypted"],
)
def test_a_pdf_that_runs_something_when_opened_is_refused(change, says):
    """Attachments are opened by the public and contributions by staff, in their readers."""
    with pytest.raises(ValidationError) as exc:
        validate_attachment(_upload(_pdf_with(change), "a.pdf"))
    assert exc.value.code == "attachment_pdf"
    assert says in exc.value.messages[0]


def test_a_file_that_only_starts_like_a_pdf_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_attachment(_upload(b"%PDF-1.4\n<html><script>alert(1)</script></html>", "a.pdf"))
    assert exc.value.code == "attachment_pdf"
    assert "不是有效的 PDF" in exc.value.messages[0]


def test_an_ordinary_pdf_with_a_link_is_accepted():
    from pypdf.annotations import Link
    from pypdf.generic import RectangleObject

    def link(writer) -> None:
        writer.add_annotation(0, Link(rect=RectangleObject([10, 10, 50, 50]), url="https://x.cn"))

    validate_attachment(_upload(_pdf_with(link), "a.pdf"))


def test_attachment_over_the_cap_is_refused(monkeypatch):
    from apps.news import validators

    monkeypatch.setattr(validators, "MAX_ATTACHMENT_BYTES", 10)
    with pytest.raises(ValidationError) as exc:
        validate_attachment(_upload(b"%PDF-1.4" + b"x" * 20, "a.pdf"))
    assert exc.value.code == "attachment_too_large"


def test_attachment_records_size_and_content_type():
    from tests.news.factories import MINIMAL_PDF, ArticleAttachmentFactory

    attachment = ArticleAttachmentFactory()
    assert attachment.size == len(MINIMAL_PDF)
    assert attachment.content_type == "application/pdf"
