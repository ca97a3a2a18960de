"""Chart PNGs into Slack threads (channels/slack_files.py) through slack_sdk's real 3-step upload against the
loopback fake Slack Web API (tests/support/fake_slack.py); and the fake's own upload checks, so it stays faithful.
Fast tier: no Rasa, no model, no process."""

import io
import logging
import socket
import uuid

import aiohttp
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from channels.slack_files import PNG_SIGNATURE, upload_png
from tests import figures
from tests.support.fake_slack import FakeSlackApi

TOKEN = "test-bot-token"


@pytest.fixture(scope="module")
def slack_api():
    # not named fake_slack: that session fixture is tied to the Rasa servers (and so marks a test slow)
    api = FakeSlackApi()
    yield api
    api.close()


@pytest.fixture
def client(slack_api):
    return AsyncWebClient(token=TOKEN, base_url=slack_api.url, timeout=10)


@pytest.fixture(scope="module")
def chart_png() -> bytes:
    fig = Figure(figsize=(2, 1.5), dpi=50)
    fig.add_subplot().bar(["junior", "senior"], [45, 85])
    out = io.BytesIO()
    FigureCanvasAgg(fig).print_png(out)
    return out.getvalue()


def new_channel() -> str:
    return f"C{uuid.uuid4().hex[:8].upper()}"


async def test_a_chart_lands_in_the_thread_with_its_bytes_title_and_comment(slack_api, client, chart_png):
    channel, ts = new_channel(), "1700000001.000100"
    assert chart_png.startswith(PNG_SIGNATURE)
    assert await upload_png(client, channel, ts, chart_png, title="Senior bands", comment="Bands by level") is True
    [upload] = slack_api.wait_for_upload(channel, thread_ts=ts, timeout=5)
    assert upload["data"] == chart_png and upload["data"].startswith(PNG_SIGNATURE)
    assert (upload["channel"], upload["thread_ts"]) == (channel, ts)
    assert upload["title"] == "Senior bands" and upload["filename"] == "payband-chart.png"
    assert upload["initial_comment"] == "Bands by level" and upload["id"].startswith("F")


async def test_without_a_thread_the_chart_goes_to_the_channel_itself(slack_api, client, chart_png):
    dm = f"D{uuid.uuid4().hex[:8].upper()}"
    assert await upload_png(client, dm, None, chart_png, title="Bands", filename="bands.png") is True
    [upload] = slack_api.uploads_to(dm)
    assert upload["thread_ts"] is None and upload["initial_comment"] is None and upload["filename"] == "bands.png"


async def test_a_bad_token_returns_false_and_logs_only_the_error_code(slack_api, chart_png, caplog):
    channel = new_channel()
    bad = AsyncWebClient(token="xoxb-wrong", base_url=slack_api.url, timeout=10)
    with caplog.at_level(logging.WARNING, logger="channels.slack_files"):
        ok = await upload_png(
            bad, channel, "1700000002.000200", chart_png, title=f"Staff {figures.span('staff', 'rest_of_uk')}", comment="your offer £97,500"
        )
    assert ok is False and slack_api.uploads_to(channel) == []
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "invalid_auth" in logged and "£" not in logged and "offer" not in logged and "Staff" not in logged


async def test_slack_unreachable_returns_false(chart_png):
    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    gone = AsyncWebClient(token=TOKEN, base_url=f"http://127.0.0.1:{port}/api/", timeout=5)
    assert await upload_png(gone, new_channel(), None, chart_png, title="Bands") is False


@pytest.mark.parametrize("not_png", [b"GIF89a\x01\x00", b"", "\x89PNG\r\n\x1a\n as text"], ids=["gif", "empty", "str"])
async def test_bytes_that_are_not_a_png_are_refused_before_slack_is_called(slack_api, client, not_png):
    issued = len(slack_api.files)
    with pytest.raises(ValueError):
        await upload_png(client, new_channel(), None, not_png, title="Bands")
    assert len(slack_api.files) == issued


# --- the fake answers as Slack does ---


async def test_fake_refuses_to_complete_an_unknown_file_id(client):
    with pytest.raises(SlackApiError) as refused:
        await client.files_completeUploadExternal(files=[{"id": "F0NOTISSUED", "title": "x"}], channel_id=new_channel())
    assert refused.value.response["error"] == "file_not_found"


async def test_fake_refuses_an_upload_whose_length_differs_and_then_cannot_complete_it(slack_api, client, chart_png):
    issued = await client.files_getUploadURLExternal(filename="short.png", length=len(chart_png))
    assert issued["upload_url"].startswith(slack_api.url.rsplit("/api/", 1)[0])
    async with aiohttp.ClientSession() as session:
        async with session.post(issued["upload_url"], data=chart_png[:-1]) as answer:
            assert answer.status == 400
        async with session.post(issued["upload_url"] + "x", data=chart_png) as answer:  # a URL that was not issued
            assert answer.status == 404
    with pytest.raises(SlackApiError) as refused:
        await client.files_completeUploadExternal(files=[{"id": issued["file_id"], "title": "short"}], channel_id=new_channel())
    assert refused.value.response["error"] == "file_not_found"


async def test_fake_upload_host_answers_ok_with_the_byte_count_for_raw_and_multipart_bodies(client, chart_png):
    for multipart in (False, True):
        issued = await client.files_getUploadURLExternal(filename="chart.png", length=len(chart_png))
        if multipart:
            body = aiohttp.FormData()
            body.add_field("filename", chart_png, filename="chart.png", content_type="image/png")
        else:
            body = chart_png
        async with aiohttp.ClientSession() as session:
            async with session.post(issued["upload_url"], data=body) as answer:
                assert (answer.status, await answer.text()) == (200, f"OK - {len(chart_png)}")


@pytest.mark.parametrize(
    "params", [{"filename": "chart.png"}, {"length": 10}, {"filename": "chart.png", "length": 0}], ids=["no-length", "no-filename", "zero"]
)
async def test_fake_refuses_an_upload_url_without_filename_or_length(client, params):
    with pytest.raises(SlackApiError) as refused:
        await client.api_call("files.getUploadURLExternal", params=params)
    assert refused.value.response["error"] == "invalid_arguments"


async def test_fake_still_answers_messages_and_unknown_methods(slack_api, client):
    channel = new_channel()
    await client.chat_postMessage(channel=channel, text="hello", thread_ts="1700000003.000300")
    assert slack_api.posts_to(channel, thread_ts="1700000003.000300")[0]["text"] == "hello"
    with pytest.raises(SlackApiError) as refused:
        await client.api_call("files.upload", params={"channels": channel})
    assert refused.value.response["error"] == "unknown_method"
