"""The embedded broker: kombu's filesystem transport, made safe for several processes.

kombu's own transport creates a message file and then writes into it, while a consumer may
move and read the same file in between, see it empty, and die on the JSON error. Here a
message is written to a side folder and renamed into the queue folder, which is atomic on
one filesystem, so a consumer only ever sees whole messages; a file that still cannot be
decoded is set aside and logged instead of stopping the worker.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import uuid
from queue import Empty
from time import monotonic
from typing import Any

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import bytes_to_str, str_to_bytes
from kombu.utils.json import dumps, loads

logger = logging.getLogger(__name__)


class Channel(filesystem.Channel):
    def _put(self, queue: str, payload: Any, **kwargs: Any) -> None:  # type: ignore[override]
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        staging = os.path.join(os.path.dirname(self.data_folder_out.rstrip("/")), "staging")
        os.makedirs(staging, exist_ok=True)
        staged = os.path.join(staging, name)
        try:
            with open(staged, "wb") as f:
                f.write(str_to_bytes(dumps(payload)))
                f.flush()
                os.fsync(f.fileno())
            os.replace(staged, os.path.join(self.data_folder_out, name))
        except OSError as exc:
            raise ChannelError(f"Cannot add message {name!r} to the queue") from exc

    def _get(self, queue: str, timeout: float | None = None) -> Any:
        wanted = f"{queue}.msg"
        for name in sorted(os.listdir(self.data_folder_in)):
            if name.partition(".")[2] != wanted:
                continue
            claimed = os.path.join(self.processed_folder or tempfile.gettempdir(), name)
            try:
                shutil.move(os.path.join(self.data_folder_in, name), claimed)
            except OSError:
                continue  # another consumer took it
            try:
                with open(claimed, "rb") as f:
                    payload = f.read()
                message = loads(bytes_to_str(payload))
            except (OSError, ValueError, json.JSONDecodeError):
                logger.exception("Set aside an unreadable broker message: %s", claimed)
                continue
            if not self.store_processed:
                os.remove(claimed)
            return message
        raise Empty()


class Transport(filesystem.Transport):
    Channel = Channel
