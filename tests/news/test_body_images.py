"""Images in article bodies: uploaded by editors from the editor, checked like covers,
served from our storage with only existing renditions, made by a task."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from apps.accounts.roles import Role
from apps.news.images import rendition_name, renditions_ensure
from apps.news.models import Article, BodyImage, ImageRendition
from tests.accounts.factories import staff_user
from tests.news.factories import ArticleFactory, png_bytes

pytestmark = pytest.mark.django_db

UPLOAD = "admin:news_article_body_image"


def _jpeg_with_gps(width: int = 1200, height: int = 800) -> bytes:
    image = Image.new("RGB", (width, height), "#336699")
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    exif[0x8825] = {1: "N", 2: (31.0, 13.0, 45.0), 3: "E", 4: (121.0, 28.0, 10.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def _post(client, data: bytes, name: str = "photo.jpg"):
    return client.post(reverse(UPLOAD), {"image": SimpleUploadedFile(name, data)})


def test_editor_uploads_an_image_and_gets_its_url_in_our_storage(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _post(client, _jpeg_with_gps())
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["url"].startswith("/media/news/body/")
    assert (data["width"], data["height"]) == (1200, 800)
    image = BodyImage.objects.get()
    assert image.uploaded_by == editor
    # EXIF and GPS are gone from the stored file
    with default_storage.open(image.file.name, "rb") as fh:
        stored = Image.open(fh)
        assert not stored.getexif()
    # the renditions came from the task enqueued after commit, not from the upload itself
    assert len(callbacks) == 1
    assert ImageRendition.objects.filter(source_name=image.file.name).count() == 2  # 480, 960
    assert default_storage.exists(rendition_name(image.file.name, 960))


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"not an image at all" * 20, "x.jpg", "文件不是有效的图片。"),
        (png_bytes(fmt="BMP"), "x.bmp", "图片格式只能是"),
    ],
)
def test_upload_that_is_not_an_allowed_image_is_a_400_with_a_message(
    client, editor, data, name, message
):
    client.force_login(editor)
    response = _post(client, data, name)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not BodyImage.objects.exists()


def test_upload_without_a_file_is_a_400(client, editor):
    client.force_login(editor)
    response = client.post(reverse(UPLOAD), {})
    assert response.status_code == 400
    assert response.json()["error"]


def test_upload_endpoint_only_accepts_post(client, editor):
    client.force_login(editor)
    assert client.get(reverse(UPLOAD)).status_code == 405


def test_visitors_and_members_cannot_upload(client, reader, member_user):
    assert _post(client, png_bytes()).status_code == 302  # → admin login
    for user in (reader, member_user):
        client.force_login(user)
        assert _post(client, png_bytes()).status_code == 302
    assert not BodyImage.objects.exists()


@pytest.mark.parametrize("role", [Role.REPORTS, Role.MEMBER_SERVICES, Role.PARTY_AFFAIRS])
def test_staff_without_news_change_permission_cannot_upload(client, role):
    client.force_login(staff_user(role=role))
    response = _post(client, png_bytes())
    assert response.status_code == 403
    assert not BodyImage.objects.exists()


def test_upload_needs_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert _post(client, png_bytes()).status_code == 403
    assert not BodyImage.objects.exists()


def test_upload_endpoint_is_marked_as_a_staff_power():
    from django.urls import resolve

    match = resolve(reverse(UPLOAD))
    assert getattr(match.func, "staff_powers", False)


def test_uploaded_image_survives_the_body_sanitiser_and_renders_with_existing_widths(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        url = _post(client, png_bytes(1000, 500), "chart.png").json()["url"]
    article = ArticleFactory(
        body=f'<p>图表如下：</p><p><img src="{url}" alt="图表" width="1000" height="500"></p>'
        '<p><img src="https://elsewhere.example/x.png" alt="外链"></p>'
    )
    assert url in article.body
    assert "elsewhere.example" not in article.body
    cache.clear()
    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    name = url.removeprefix("/media/")
    assert f"{default_storage.url(rendition_name(name, 480))} 480w" in html
    assert f"{default_storage.url(rendition_name(name, 960))} 960w" in html
    assert f"{url} 1000w" in html
    assert "1440w" not in html  # the original is narrower: no such rendition
    assert 'loading="lazy"' in html


def test_body_image_shows_as_the_original_until_its_renditions_exist(client):
    name = default_storage.save("news/body/2026/11/fresh.png", ContentFile(png_bytes(1600, 900)))
    article = ArticleFactory(body=f'<p><img src="/media/{name}" alt="新图"></p>')
    cache.clear()
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'src="/media/{name}"' in html
    assert "srcset" not in html.split('class="article-body"', 1)[1].split("</div>", 1)[0]
    assert not ImageRendition.objects.exists()  # the page request rendered nothing


def test_admin_change_form_loads_the_body_image_module(client, editor):
    article = ArticleFactory(status=Article.Status.DRAFT)
    client.force_login(editor)
    html = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert "js/news-body-images" in html
    assert f'data-upload-url="{reverse(UPLOAD)}"' in html


@pytest.mark.parametrize("count", [1, 8])
def test_body_images_cost_no_queries_on_the_article_page(
    client, django_assert_max_num_queries, count
):
    names = [
        default_storage.save(f"news/body/2026/11/q{n}.png", ContentFile(png_bytes(700, 300)))
        for n in range(count)
    ]
    for name in names[: count // 2]:
        renditions_ensure(name)  # some with renditions, some still waiting for the task
    article = ArticleFactory(body="".join(f'<p><img src="/media/{n}" alt="图"></p>' for n in names))
    cache.clear()
    with django_assert_max_num_queries(12):  # the same budget as an article without images
        response = client.get(article.get_absolute_url())
    assert response.content.decode().count("480w") == count // 2
