#!/bin/sh
# The files bucket of STORAGE_URL (issue 21): created once, private (no anonymous
# access), and an app user that may use this bucket and nothing else. Idempotent:
# docker compose runs it on every `up`.
set -eu
for _ in $(seq 30); do
  mc alias set store http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null 2>&1 && break
  sleep 1
done
mc mb --ignore-existing "store/$MINIO_BUCKET"
mc anonymous set none "store/$MINIO_BUCKET"
cat > /tmp/xinfang-files.json <<POLICY
{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
   "Resource": ["arn:aws:s3:::$MINIO_BUCKET"]},
  {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject",
                                 "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
   "Resource": ["arn:aws:s3:::$MINIO_BUCKET/*"]}]}
POLICY
mc admin policy create store xinfang-files /tmp/xinfang-files.json >/dev/null
mc admin user add store "$STORAGE_ACCESS_KEY" "$STORAGE_SECRET_KEY" >/dev/null
mc admin policy attach store xinfang-files --user "$STORAGE_ACCESS_KEY" >/dev/null 2>&1 || true
echo "bucket $MINIO_BUCKET ready"
