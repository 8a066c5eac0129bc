// Preloaded into Azurite (node --require) when it keeps its metadata in SQL (AZURITE_DB): Azurite 3.37's SQL store
// answers Append Block with "not implemented" (upstream PR Azure/Azurite#2225 ports it, unmerged), and Dispatch's
// record logs are append blobs. This is the Loki store's appendBlock on the SQL tables: the blob's row is read with
// an update lock, so concurrent appends queue and each one's block, length and ETag commit in one transaction.
"use strict";
const path = require("path");
const dist = path.join(__dirname, "node_modules", "azurite", "dist", "src", "blob");
const load = (file) => require(path.join(dist, file));

const store = load("persistence/SqlBlobMetadataStore").default;
const { validateWriteConditions } = load("conditions/WriteConditionalHeadersValidator");
const errors = load("errors/StorageErrorFactory").default;
const Models = load("generated/artifacts/models");
const LeaseFactory = load("lease/LeaseFactory").default;
const BlobLeaseAdapter = load("lease/BlobLeaseAdapter").default;
const BlobWriteLeaseValidator = load("lease/BlobWriteLeaseValidator").default;
const BlobWriteLeaseSyncer = load("lease/BlobWriteLeaseSyncer").default;
const { MAX_APPEND_BLOB_BLOCK_COUNT } = load("utils/constants");
const { newEtag } = require(path.join(dist, "..", "common", "utils", "utils"));

store.prototype.appendBlock = function (context, block, leaseAccessConditions = {}, modifiedAccessConditions = {},
  appendPositionAccessConditions = {}) {
  const Blobs = this.sequelize.models.Blobs;
  return this.sequelize.transaction(async (t) => {
    await this.assertContainerExists(context, block.accountName, block.containerName, t);
    const where = {
      accountName: block.accountName, containerName: block.containerName, blobName: block.blobName,
      snapshot: "", deleting: 0, isCommitted: true
    };
    const row = await Blobs.findOne({ where, transaction: t, lock: t.LOCK.UPDATE });
    const blob = row ? this.convertDbModelToBlobModel(row) : undefined;
    validateWriteConditions(context, modifiedAccessConditions, blob);
    if (!blob) {
      throw errors.getBlobNotFound(context.contextId);
    }
    LeaseFactory.createLeaseState(new BlobLeaseAdapter(blob), context)
      .validate(new BlobWriteLeaseValidator(leaseAccessConditions))
      .sync(new BlobWriteLeaseSyncer(blob));
    if (blob.properties.isSealed) {
      throw errors.getBlobSealed(context.contextId);
    }
    if (blob.properties.blobType !== Models.BlobType.AppendBlob) {
      throw errors.getBlobInvalidBlobType(context.contextId);
    }
    const blocks = blob.committedBlocksInOrder || [];
    if (blocks.length >= MAX_APPEND_BLOB_BLOCK_COUNT) {
      throw errors.getBlockCountExceedsLimit(context.contextId);
    }
    const length = blob.properties.contentLength || 0;
    if (appendPositionAccessConditions.appendPosition !== undefined && length !== appendPositionAccessConditions.appendPosition) {
      throw errors.getAppendPositionConditionNotMet(context.contextId);
    }
    if (appendPositionAccessConditions.maxSize !== undefined && length + block.size > appendPositionAccessConditions.maxSize) {
      throw errors.getMaxBlobSizeConditionNotMet(context.contextId);
    }
    blob.committedBlocksInOrder = [...blocks, block];
    blob.properties.etag = newEtag();
    blob.properties.lastModified = context.startTime || new Date();
    blob.properties.contentLength = length + block.size;
    await Blobs.update(this.convertBlobModelToDbModel(blob), { where, transaction: t });
    return blob.properties;
  });
};
