export const id = 639;
export const ids = [639];
export const modules = {

/***/ 823:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T6: () => (/* binding */ MANIFEST_CONTENT_TYPE),
/* harmony export */   Vq: () => (/* binding */ sha256OfFile),
/* harmony export */   qw: () => (/* binding */ DELTA_CONTENT_TYPE),
/* harmony export */   z4: () => (/* binding */ sha256OfStream)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);


/*
 * verify-upload for delta files: the stored bytes must be the processed file
 * that was verified as a device would before publishing (decrypt, un-Brotli,
 * hash), so comparing SHA-256 of the bytes is the device check carried over.
 */
async function sha256OfStream(stream) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    for await (const chunk of stream)
        hash.update(chunk);
    return hash.digest('hex');
}
function sha256OfFile(path) {
    return sha256OfStream((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path));
}
/** Content type of a stored delta object: its bytes are encrypted or compressed, so none of the original's. */
const DELTA_CONTENT_TYPE = 'application/octet-stream';
const MANIFEST_CONTENT_TYPE = 'application/json';


/***/ }),

/***/ 6639:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createHttpPutStorage: () => (/* binding */ createHttpPutStorage)
});

// EXTERNAL MODULE: ./src/cleanup.ts
var cleanup = __webpack_require__(2691);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/publish/http.ts
var http = __webpack_require__(2211);
// EXTERNAL MODULE: ./src/progress.ts
var src_progress = __webpack_require__(9898);
// EXTERNAL MODULE: ./src/publish/delta-bytes.ts
var delta_bytes = __webpack_require__(823);
// EXTERNAL MODULE: ./src/publish/http-put-settings.ts
var http_put_settings = __webpack_require__(6549);
// EXTERNAL MODULE: ./src/publish/public-url.ts
var public_url = __webpack_require__(546);
// EXTERNAL MODULE: ./src/publish/retry.ts
var publish_retry = __webpack_require__(833);
// EXTERNAL MODULE: ./src/publish/verify-stored.ts
var verify_stored = __webpack_require__(7900);
;// CONCATENATED MODULE: ./src/publish/http-put-delta.ts







/**
 * Delta (manifest) updates over PUT: each file to delta-upload-url with
 * {path} = `{appId}_{version}/delta/{sha256}_{file_name}` and {sha256} = the
 * original file's SHA-256, then manifest.json with {path} =
 * `{appId}_{version}/manifest.json` and {sha256} = the bundle's. Public URLs
 * come from public-url with {key} = that same path. A PUT URL cannot delete,
 * so there is no discard: the orchestrator says what stays.
 */
function httpPutDelta(ctx, bundle) {
    const { settings, uploadUrl, logger, retry, timeoutMs, guard } = ctx;
    const { signal } = guard;
    (0,http/* maskUrl */.yP)(uploadUrl, logger);
    // The plan runs this check; again here, so no caller can store files that would all share one URL.
    (0,http_put_settings/* checkDeltaSettings */.qz)(settings, uploadUrl, bundle);
    const origin = (0,public_url/* originOf */.yv)(uploadUrl.replace(/\{[^{}]*\}/g, 'x'));
    const prefix = (0,http_put_settings/* bundleKeyOf */.LJ)(bundle).replace(/\.zip$/, '');
    const locate = (path, sha256) => {
        const url = (0,http_put_settings/* publicUrlOf */.SW)(settings, { appId: bundle.appId, version: bundle.version, sha256, key: path });
        return { key: path, url, label: url };
    };
    /** The upload URL of each target: kept apart from StoredObject, which may be printed. */
    const uploadUrls = new Map();
    async function put(target, path, size, contentType, what) {
        const upload = uploadUrls.get(target.key);
        if (!upload)
            throw new Error(`${target.key} was not planned by check()`);
        const headers = (0,http/* fileHeaders */.Tc)(size, { 'content-type': contentType, ...settings.headers });
        try {
            await (0,publish_retry/* withRetry */.b)(() => (0,http/* putFile */.UN)(upload.url, path, headers, timeoutMs, signal), {
                ...retry,
                logger,
                what: `PUT of ${what} to ${origin}`,
                retryable: http/* isRetryableHttpError */.PL,
                signal,
            });
        }
        catch (error) {
            if (signal.aborted)
                throw error;
            if (error instanceof http/* HttpStatusError */.F9 && !(0,http/* isRetryableStatus */.PS)(error.status)) {
                throw new errors/* BundleError */.rJ('upload_refused', `${origin} refused the PUT of ${what} (${error.message}); check delta-upload-url.`, 'delta-upload-url');
            }
            if ((0,http/* isTimeout */.kL)(error)) {
                throw new errors/* BundleError */.rJ('upload_timeout', `The PUT of ${what} to ${origin} made no progress for ${(0,http/* seconds */.YA)(timeoutMs)} (request-timeout), ${retry.attempts} attempts; check delta-upload-url or raise request-timeout.`, 'delta-upload-url');
            }
            throw new errors/* BundleError */.rJ('upload_failed', `Uploading ${what} to ${origin} failed after ${retry.attempts} attempts: ${(0,http/* describeHttpError */.g2)(error)}.`);
        }
        if (!settings.verifyUpload)
            return;
        const expected = await (0,delta_bytes/* sha256OfFile */.Vq)(path);
        await (0,verify_stored/* withTempFile */.XH)('delta-object', async (file) => {
            await (0,verify_stored/* downloadPublicCopy */.Lz)(target.url, file, { retry, logger, timeoutMs, signal }, (reason) => `The upload of ${what} succeeded but ${target.url} could not be downloaded (${reason}), so devices could not fetch it either; check public-url.`);
            const actual = await (0,delta_bytes/* sha256OfFile */.Vq)(file);
            if (actual !== expected)
                throw new errors/* BundleError */.rJ('stored_bundle_invalid', `${target.url} serves other bytes than ${what} (SHA-256 ${actual} instead of ${expected}); devices would reject it.`, 'public-url');
        }, guard);
    }
    const plan = (path, sha256) => {
        uploadUrls.set(path, { url: new URL((0,http_put_settings/* deltaUploadUrlOf */.WM)(uploadUrl, { path, sha256 })), sha256 });
        return locate(path, sha256);
    };
    return {
        // No request: a PUT URL cannot be probed without writing.
        async check(files) {
            return {
                files: files.map((file) => plan(`${prefix}/delta/${file.sha256}_${file.fileName}`, file.sha256)),
                manifest: plan(`${prefix}/manifest.json`, bundle.sha256),
            };
        },
        putFile(file, target) {
            return put(target, file.path, file.size, delta_bytes/* DELTA_CONTENT_TYPE */.qw, file.fileName);
        },
        putManifest(path, size, target) {
            return put(target, path, size, delta_bytes/* MANIFEST_CONTENT_TYPE */.T6, 'manifest.json');
        },
    };
}

;// CONCATENATED MODULE: ./src/publish/http-put.ts









/**
 * Any service that takes a presigned PUT (S3, R2, GCS, Azure SAS, a
 * self-hosted server). The upload URL is a credential: it is masked, and
 * messages show only its scheme and host. The settings passed
 * `checkSettings` (http-put-settings.ts) in the plan.
 */
async function createHttpPutStorage(settings, logger, options = {}, network = (0,cleanup/* standaloneNetwork */.aI)()) {
    (0,http/* maskUrl */.yP)(settings.uploadUrl, logger);
    (0,http/* maskSecretHeaders */.NY)(settings.headers, logger);
    const target = new URL(settings.uploadUrl);
    const origin = (0,public_url/* originOf */.yv)(target.href);
    const retry = options.retry ?? publish_retry/* defaultRetry */.i;
    const timeoutMs = options.timeoutMs ?? network.requestTimeoutMs;
    const { signal } = network.guard;
    function locate(bundle) {
        return {
            key: origin,
            url: (0,http_put_settings/* publicUrlOf */.SW)(settings, { appId: bundle.appId, version: bundle.version, sha256: bundle.sha256, key: (0,http_put_settings/* bundleKeyOf */.LJ)(bundle) }),
        };
    }
    function uploadFailure(error, bundle, location) {
        const after = `Nothing was registered. A refused PUT stores nothing, but if ${location.url} serves a file from this run, delete it.`;
        if (error instanceof http/* HttpStatusError */.F9 && !(0,http/* isRetryableStatus */.PS)(error.status)) {
            const hint = error.status === 403 || error.status === 401
                ? ' Presigned URLs expire and are bound to the method, content-type and signed headers; create a fresh upload-url (content-type application/zip).'
                : '';
            return new errors/* BundleError */.rJ('upload_refused', `${origin} refused the PUT of ${bundle.fileName} (${error.message}).${hint} ${after}`, 'upload-url');
        }
        if ((0,http/* isTimeout */.kL)(error)) {
            return new errors/* BundleError */.rJ('upload_timeout', `The PUT of ${bundle.fileName} to ${origin} made no progress for ${(0,http/* seconds */.YA)(timeoutMs)} (request-timeout), ${retry.attempts} attempts; check upload-url or raise request-timeout. ${after}`, 'upload-url');
        }
        const code = (0,http/* networkCode */.e8)(error);
        if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
            return new errors/* BundleError */.rJ('upload_unreachable', `Cannot reach ${origin} to upload ${bundle.fileName} (${code}); check upload-url.`, 'upload-url');
        }
        return new errors/* BundleError */.rJ('upload_failed', `Uploading ${bundle.fileName} to ${origin} failed after ${retry.attempts} attempts: ${(0,http/* describeHttpError */.g2)(error)}. ${after}`);
    }
    async function upload(bundle, location) {
        const headers = (0,http/* fileHeaders */.Tc)(bundle.bundleSize, settings.headers);
        try {
            await (0,publish_retry/* withRetry */.b)(async () => {
                const progress = (0,src_progress/* startProgress */.ot)(`Uploading to ${origin}`, { bytes: bundle.bundleSize }, (line) => logger.info(line), options.clock);
                try {
                    await (0,http/* putFile */.UN)(target, bundle.path, headers, timeoutMs, signal, (bytes) => progress.add(bytes));
                }
                finally {
                    progress.done();
                }
            }, { ...retry, logger, what: `PUT to ${origin}`, retryable: http/* isRetryableHttpError */.PL, signal });
        }
        catch (error) {
            if (signal.aborted)
                throw error;
            throw uploadFailure(error, bundle, location);
        }
    }
    async function verifyStored(bundle, location) {
        const cleanup = `replace or delete the file behind ${location.url} and run again.`;
        await (0,verify_stored/* withTempFile */.XH)(bundle.fileName, async (file) => {
            await (0,verify_stored/* downloadPublicCopy */.Lz)(location.url, file, { retry, logger, timeoutMs, signal }, (reason) => `The upload succeeded but ${location.url} could not be downloaded (${reason}), so devices could not fetch it either; check public-url. Nothing was registered; ${cleanup}`);
            await (0,verify_stored/* verifyStoredCopy */.St)(file, bundle, { label: location.url, cleanup }, logger);
        }, network.guard);
    }
    return {
        // No request at all: a presigned PUT URL cannot be probed without writing.
        async check(bundle) {
            return locate(bundle);
        },
        async put(bundle) {
            const location = locate(bundle);
            logger.info(`Uploading ${bundle.fileName} (${bundle.bundleSize} bytes) to ${origin}`);
            await upload(bundle, location);
            if (settings.verifyUpload)
                await verifyStored(bundle, location);
            return location;
        },
        delta(bundle, delta) {
            if (!delta.uploadUrl)
                throw new errors/* BundleError */.rJ('delta_upload_url_missing', 'delta with storage url needs delta-upload-url.', 'delta-upload-url');
            return httpPutDelta({ settings, uploadUrl: delta.uploadUrl, logger, retry, timeoutMs, guard: network.guard }, bundle);
        },
    };
}


/***/ })

};
