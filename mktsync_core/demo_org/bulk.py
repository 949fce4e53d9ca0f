"""Bulk API 2.0 query jobs in the demo org: create, poll, page through CSV results, abort.

What simple-salesforce's ``bulk2`` client sends: ``POST jobs/query`` with the
SOQL, ``GET jobs/query/{id}`` until the state is JobComplete, then ``GET
jobs/query/{id}/results?maxRecords=N[&locator=L]``, answered in CSV with the
``Sforce-Locator`` (``null`` on the last page) and ``Sforce-NumberOfRecords``
headers. Results are written page by page from a lazy record stream, so a job
over a million computed leads never holds them all. As in a real org the job
is asynchronous: the first poll finds it InProgress, the next one complete.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any
from urllib.parse import parse_qs

from mktsync_core.demo_org.soql import Engine, SoqlError
from mktsync_core.inprocess import Reply, json_reply

_CSV = "text/csv; charset=UTF-8"
_MAX_PAGE = 1_000_000  # far above Salesforce's own cap on maxRecords; keeps a page bounded


def _error(status: int, code: str, message: str) -> Reply:
    return json_reply(status, [{"errorCode": code, "message": message}])


@dataclass
class _Job:
    id: str
    sobject: str
    fields: list[str]
    rows: Iterator[dict[str, Any]]
    count: Callable[[], int]
    version: str
    state: str = "UploadComplete"
    processed: int = 0
    page: int = 0

    def info(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "operation": "query",
            "object": self.sobject,
            "state": self.state,
            "concurrencyMode": "Parallel",
            "contentType": "CSV",
            "apiVersion": float(self.version),
            "lineEnding": "LF",
            "columnDelimiter": "COMMA",
            "numberRecordsProcessed": self.processed,
            "retries": 0,
        }


class BulkJobs:
    """The query jobs of one demo org (all scenarios); ids are unique across them."""

    def __init__(self) -> None:
        self._jobs: dict[tuple[str, str], _Job] = {}
        self._issued = 0

    def handle(
        self,
        org_key: str,
        engine: Callable[[], Engine],
        method: str,
        rest: str,
        query: str,
        body: bytes,
    ) -> Reply:
        """``rest`` is the path after ``/services/data/vXX.X/jobs/query``."""
        segments = [s for s in rest.split("/") if s]
        if not segments and method == "POST":
            return self._create(org_key, engine(), body)
        job = self._jobs.get((org_key, segments[0])) if segments else None
        if job is None:
            return _error(404, "NOT_FOUND", "The requested resource does not exist")
        if len(segments) == 1 and method == "GET":
            return self._poll(job)
        if len(segments) == 1 and method == "PATCH":
            return self._abort(job, body)
        if segments[1:] == ["results"] and method == "GET":
            return self._results(job, parse_qs(query))
        return _error(405, "METHOD_NOT_ALLOWED", f"HTTP Method '{method}' not allowed")

    def _create(self, org_key: str, engine: Engine, body: bytes) -> Reply:
        try:
            request = json.loads(body)
            soql = str(request["query"])
            operation = request.get("operation")
        except (ValueError, KeyError, TypeError):
            return _error(400, "JSON_PARSER_ERROR", "The request body is not a query job")
        if operation != "query":
            return _error(400, "INVALIDJOB", f"Unsupported operation: {operation}")
        try:
            sobject, fields, rows = engine.stream(soql)
        except SoqlError as exc:
            return _error(400, exc.code, exc.message)
        self._issued += 1
        job_id = f"750{self._issued:012d}AAA"

        def count() -> int:
            return sum(1 for _ in engine.stream(soql)[2])

        job = _Job(job_id, sobject, fields, rows, count, engine.version)
        self._jobs[(org_key, job_id)] = job
        return json_reply(200, job.info())

    @staticmethod
    def _poll(job: _Job) -> Reply:
        if job.state == "UploadComplete":
            job.state = "InProgress"
        elif job.state == "InProgress":
            job.processed = job.count()
            job.state = "JobComplete"
        return json_reply(200, job.info())

    @staticmethod
    def _abort(job: _Job, body: bytes) -> Reply:
        try:
            state = json.loads(body).get("state")
        except (ValueError, AttributeError):
            state = None
        if state != "Aborted":
            return _error(400, "INVALIDJOBSTATE", "A query job can only be set to Aborted")
        if job.state == "JobComplete":
            return _error(400, "INVALIDJOBSTATE", "The job is already complete")
        job.state = "Aborted"
        return json_reply(200, job.info())

    @staticmethod
    def _results(job: _Job, params: dict[str, list[str]]) -> Reply:
        if job.state != "JobComplete":
            return _error(400, "INVALIDJOBSTATE", f"Job is in state {job.state}")
        locator = params.get("locator", [""])[0]
        if locator != (str(job.page) if job.page else ""):
            return _error(400, "INVALIDLOCATOR", f"Invalid locator: {locator}")
        try:
            size = min(int(params.get("maxRecords", ["50000"])[0]), _MAX_PAGE)
        except ValueError:
            return _error(400, "INVALIDPARAMETER", "maxRecords must be a number")
        out = io.StringIO()
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(job.fields)
        written = 0
        for record in islice(job.rows, size):
            writer.writerow(["" if record.get(f) is None else record.get(f) for f in job.fields])
            written += 1
        job.page += 1
        done = written < size or job.page * size >= job.processed
        headers = {
            "Sforce-Locator": "null" if done else str(job.page),
            "Sforce-NumberOfRecords": str(written),
        }
        return Reply(200, out.getvalue().encode("utf-8"), _CSV, headers)
