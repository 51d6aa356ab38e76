"""STORAGE_BACKEND=s3: django-storages' S3Storage, tidy like the filesystem storages.

An object is written whole or not at all, but a file saved inside a service's transaction
that then rolls back would stay in the bucket, unreferenced: TidyStorageMixin reports each
save to UploadsMiddleware, which deletes the rolled-back ones through the storage API
(see apps/core/uploads.py). Its own module so that filesystem deployments never import
boto3 (tens of megabytes in every web and worker process).
"""

from __future__ import annotations

from storages.backends.s3 import S3Storage

from apps.core.uploads import TidyStorageMixin


class TidyS3Storage(TidyStorageMixin, S3Storage):
    """settings.STORAGES["default"] and ["private"] with STORAGE_BACKEND=s3; the options
    (bucket, prefix, ACL, signed URLs) come from shlawyers.settings.upload_storages."""
