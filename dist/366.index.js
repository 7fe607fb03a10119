export const id = 366;
export const ids = [366];
export const modules = {

/***/ 366:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createHttpPutStorage: () => (/* binding */ createHttpPutStorage)
/* harmony export */ });
/* harmony import */ var _cleanup_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(832);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4533);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1458);
/* harmony import */ var _progress_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4017);
/* harmony import */ var _http_put_settings_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(482);
/* harmony import */ var _public_url_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4011);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(730);
/* harmony import */ var _verify_stored_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6259);








/**
 * Any service that takes a presigned PUT (S3, R2, GCS, Azure SAS, a
 * self-hosted server). The upload URL is a credential: it is masked, and
 * messages show only its scheme and host. The settings passed
 * `checkSettings` (http-put-settings.ts) in the plan.
 */
async function createHttpPutStorage(settings, logger, options = {}, network = (0,_cleanup_js__WEBPACK_IMPORTED_MODULE_0__/* .standaloneNetwork */ .aI)()) {
    (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .maskUrl */ .yP)(settings.uploadUrl, logger);
    (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .maskSecretHeaders */ .NY)(settings.headers, logger);
    const target = new URL(settings.uploadUrl);
    const origin = (0,_public_url_js__WEBPACK_IMPORTED_MODULE_5__/* .originOf */ .yv)(target.href);
    const retry = options.retry ?? _retry_js__WEBPACK_IMPORTED_MODULE_6__/* .defaultRetry */ .i;
    const timeoutMs = options.timeoutMs ?? network.requestTimeoutMs;
    const { signal } = network.guard;
    function locate(bundle) {
        return { key: origin, url: (0,_http_put_settings_js__WEBPACK_IMPORTED_MODULE_4__/* .publicUrlOf */ .S)(settings, { appId: bundle.appId, version: bundle.version, sha256: bundle.sha256 }) };
    }
    function uploadFailure(error, bundle, location) {
        const after = `Nothing was registered. A refused PUT stores nothing, but if ${location.url} serves a file from this run, delete it.`;
        if (error instanceof _http_js__WEBPACK_IMPORTED_MODULE_2__/* .HttpStatusError */ .F9 && !(0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRetryableStatus */ .PS)(error.status)) {
            const hint = error.status === 403 || error.status === 401
                ? ' Presigned URLs expire and are bound to the method, content-type and signed headers; create a fresh upload-url (content-type application/zip).'
                : '';
            return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('upload_refused', `${origin} refused the PUT of ${bundle.fileName} (${error.message}).${hint} ${after}`, 'upload-url');
        }
        if ((0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isTimeout */ .kL)(error)) {
            return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('upload_timeout', `The PUT of ${bundle.fileName} to ${origin} made no progress for ${(0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .seconds */ .YA)(timeoutMs)} (request-timeout), ${retry.attempts} attempts; check upload-url or raise request-timeout. ${after}`, 'upload-url');
        }
        const code = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .networkCode */ .e8)(error);
        if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
            return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('upload_unreachable', `Cannot reach ${origin} to upload ${bundle.fileName} (${code}); check upload-url.`, 'upload-url');
        }
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('upload_failed', `Uploading ${bundle.fileName} to ${origin} failed after ${retry.attempts} attempts: ${(0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .describeHttpError */ .g2)(error)}. ${after}`);
    }
    async function upload(bundle, location) {
        const headers = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .fileHeaders */ .Tc)(bundle.bundleSize, settings.headers);
        try {
            await (0,_retry_js__WEBPACK_IMPORTED_MODULE_6__/* .withRetry */ .b)(async () => {
                const progress = (0,_progress_js__WEBPACK_IMPORTED_MODULE_3__/* .startProgress */ .ot)(`Uploading to ${origin}`, { bytes: bundle.bundleSize }, (line) => logger.info(line), options.clock);
                try {
                    await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .putFile */ .UN)(target, bundle.path, headers, timeoutMs, signal, (bytes) => progress.add(bytes));
                }
                finally {
                    progress.done();
                }
            }, { ...retry, logger, what: `PUT to ${origin}`, retryable: _http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRetryableHttpError */ .PL, signal });
        }
        catch (error) {
            if (signal.aborted)
                throw error;
            throw uploadFailure(error, bundle, location);
        }
    }
    async function verifyStored(bundle, location) {
        const cleanup = `replace or delete the file behind ${location.url} and run again.`;
        await (0,_verify_stored_js__WEBPACK_IMPORTED_MODULE_7__/* .withTempFile */ .XH)(bundle.fileName, async (file) => {
            try {
                await (0,_retry_js__WEBPACK_IMPORTED_MODULE_6__/* .withRetry */ .b)(() => (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .downloadFile */ .PE)(new URL(location.url), file, timeoutMs, signal), {
                    ...retry,
                    logger,
                    what: `Downloading ${location.url} to verify it`,
                    retryable: _http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRetryableHttpError */ .PL,
                    signal,
                });
            }
            catch (error) {
                if (signal.aborted)
                    throw error;
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('public_url_unavailable', `The upload succeeded but ${location.url} could not be downloaded (${(0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .describeHttpError */ .g2)(error)}), so devices could not fetch it either; check public-url. Nothing was registered; ${cleanup}`, 'public-url');
            }
            await (0,_verify_stored_js__WEBPACK_IMPORTED_MODULE_7__/* .verifyStoredCopy */ .St)(file, bundle, { label: location.url, cleanup }, logger);
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
    };
}


/***/ })

};
