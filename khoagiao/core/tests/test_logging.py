"""The JSON log formatter: one valid JSON object per line, with level, logger and message."""

import io
import json
import logging

import pytest

from khoagiao.core.context import current_request_id
from khoagiao.core.logging import JsonFormatter


@pytest.fixture
def json_logger():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("khoagiao.tests.json")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)
    logger.propagate = True


def lines(stream):
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_each_record_is_one_json_object_per_line(json_logger):
    logger, stream = json_logger
    logger.info("Đã gửi báo cáo %s", "quý I")
    logger.warning("dòng một\ndòng hai")

    records = lines(stream)
    assert len(stream.getvalue().splitlines()) == 2
    assert records[0]["level"] == "INFO"
    assert records[0]["logger"] == "khoagiao.tests.json"
    assert records[0]["message"] == "Đã gửi báo cáo quý I"
    assert records[1]["level"] == "WARNING"
    assert records[1]["message"] == "dòng một\ndòng hai"
    assert "time" in records[0]


def test_extra_fields_and_request_id_are_included(json_logger):
    logger, stream = json_logger
    token = current_request_id.set("abc123")
    try:
        logger.info("job enqueued", extra={"job": "core.prune", "count": 3, "obj": object()})
    finally:
        current_request_id.reset(token)

    (record,) = lines(stream)
    assert record["request_id"] == "abc123"
    assert record["job"] == "core.prune"
    assert record["count"] == 3
    assert record["obj"].startswith("<object object")


def test_an_exception_stays_on_one_line(json_logger):
    logger, stream = json_logger
    try:
        raise ValueError("hỏng")
    except ValueError:
        logger.exception("job failed")

    assert len(stream.getvalue().splitlines()) == 1
    (record,) = lines(stream)
    assert record["level"] == "ERROR"
    assert "ValueError: hỏng" in record["exception"]
