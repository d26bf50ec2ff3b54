import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_english_is_shown_without_a_preference(client):
    content = client.get(reverse("reviews:home")).content.decode()
    assert '<html lang="en">' in content


def test_language_follows_the_browser(client):
    response = client.get(reverse("reviews:paper-list"), HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9")
    assert '<html lang="ko">' in response.content.decode()


def test_every_page_offers_the_language_switch(client, paper):
    for url in (reverse("reviews:home"), reverse("reviews:paper-list"), paper.get_absolute_url()):
        content = client.get(url).content.decode()
        assert f'action="{reverse("set_language")}"' in content
        assert 'name="language" value="ko"' in content
        assert "한국어" in content


def test_switching_language_keeps_the_page_and_overrides_the_browser(client):
    catalog = reverse("reviews:paper-list") + "?venue=cvpr"
    response = client.post(reverse("set_language"), {"language": "ko", "next": catalog})
    assert response.status_code == 302
    assert response.url == catalog
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ko"
    page = client.get(catalog, HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="ko">' in page.content.decode()


def test_current_language_is_marked_as_pressed(client):
    content = client.get(reverse("reviews:home"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert 'value="ko" lang="ko" aria-pressed="true"' in content
    assert 'value="en" lang="en" aria-pressed="false"' in content
