// Preloaded into Azurite (node --require) when it keeps its metadata in SQL (AZURITE_DB). Two things Azurite 3.37's SQL
// store lacks:
// - Append Block answers "not implemented" (upstream PR Azure/Azurite#2225 ports it, unmerged), and Dispatch's record
//   logs are append blobs. Below is the Loki store's appendBlock on the SQL tables: the blob's row is read with an
//   update lock, so concurrent appends queue and each one's block, length and ETag commit in one transaction.
// - A transaction the database chose as a deadlock's victim (or that waited too long for a lock) fails the request
//   with a 500. MariaDB runs SERIALIZABLE so that conditional writes cannot both pass their check, and concurrent
//   creations of new blobs then deadlock on gap locks now and then. The database rolled the whole transaction back,
//   so it is run again, as MariaDB's manual advises, after a short random pause; only then does the client see an error.
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
const { Sequelize } = require(require.resolve("sequelize", { paths: [dist] }));

const LOCK_CONFLICTS = new Set(["ER_LOCK_DEADLOCK", "ER_LOCK_WAIT_TIMEOUT"]);
const MAX_TRIES = 20;
const transaction = Sequelize.prototype.transaction;
Sequelize.prototype.transaction = async function (options, autoCallback) {
  if (typeof options === "function") {
    autoCallback = options;
    options = undefined;
  }
  if (!autoCallback) {
    return transaction.call(this, options);
  }
  for (let tries = 1; ; tries++) {
    try {
      return await transaction.call(this, options, autoCallback);
    } catch (error) {
      const code = (error.original || error.parent || {}).code;
      if (!LOCK_CONFLICTS.has(code) || tries >= MAX_TRIES) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** tries)));
    }
  }
};

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
