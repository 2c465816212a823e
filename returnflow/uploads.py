"""Upload handler that keeps an oversized photo off the disk.

Every file upload here is a photo, and no photo may be over RETURNFLOW["PHOTO_MAX_BYTES"]. Django's
temporary-file handler would write a 45 MB file in full before validation refuses it; this one writes
at most one byte past the limit and drops the rest as it arrives (BodySizeLimitMiddleware bounds how
much that can be). The file keeps its real size, so inspection.photos refuses it as too large, with
its true size, without reading it.
"""
from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler


class PhotoSizeCappedUploadHandler(TemporaryFileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.kept = 0
        self.cap = settings.RETURNFLOW["PHOTO_MAX_BYTES"] + 1

    def receive_data_chunk(self, raw_data, start):
        room = self.cap - self.kept
        if room > 0:
            part = raw_data[:room]
            self.file.write(part)
            self.kept += len(part)
        # The parent's file_complete() sets the file's size to everything received, not what was kept.
        return None
