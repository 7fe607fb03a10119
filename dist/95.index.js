export const id = 95;
export const ids = [95];
export const modules = {

/***/ 3095:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createHttpPutStorage: () => (/* binding */ createHttpPutStorage)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3916);
/* harmony import */ var _public_url_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(546);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(833);
/* harmony import */ var _verify_stored_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(7900);









const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_REDIRECTS = 5;
/** Enough of an error body to find an S3-style <Code>; the body itself is never printed. */
const ERROR_BODY_LIMIT = 8 * 1024;
const SENSITIVE_HEADER = /authorization|token|secret|key|signature|credential|cookie|session/i;
/** Headers the request must own: the body length is the file's, and framing is Node's. */
const RESERVED_HEADERS = new Set(['content-length', 'transfer-encoding', 'host', 'connection', 'expect']);
/** A non-2xx answer; the message carries status and error code only, never the URL. */
class HttpStatusError extends Error {
    status;
    errorCode;
    constructor(status, errorCode) {
        super(`HTTP ${status}${errorCode ? ` ${errorCode}` : ''}`);
        this.status = status;
        this.errorCode = errorCode;
        this.name = 'HttpStatusError';
    }
}
function isRetryableHttpError(error) {
    if (error instanceof HttpStatusError)
        return (0,_retry_js__WEBPACK_IMPORTED_MODULE_7__/* .isRetryableStatus */ .PS)(error.status);
    return (0,_retry_js__WEBPACK_IMPORTED_MODULE_7__/* .isTransientNetworkError */ .l)(error);
}
function reasonOf(error) {
    if (error instanceof HttpStatusError)
        return error.message;
    const code = error?.code;
    const message = error instanceof Error ? error.message : String(error);
    return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
/**
 * The presigned URL is a credential: mask it whole, its query, and each long
 * query value (signature, credential, security token), in both encodings, as
 * any of them could end up in a message.
 */
function maskUploadTarget(settings, logger) {
    logger.secret(settings.uploadUrl);
    let parsed;
    try {
        parsed = new URL(settings.uploadUrl);
    }
    catch {
        return;
    }
    if (parsed.search.length > 1)
        logger.secret(parsed.search.slice(1));
    if (parsed.password)
        logger.secret(parsed.password);
    for (const [, value] of parsed.searchParams) {
        if (value.length < 8)
            continue;
        logger.secret(value);
        if (encodeURIComponent(value) !== value)
            logger.secret(encodeURIComponent(value));
    }
    for (const [name, value] of Object.entries(settings.headers)) {
        if (value && SENSITIVE_HEADER.test(name))
            logger.secret(value);
    }
}
function parseUploadUrl(uploadUrl) {
    let parsed;
    try {
        parsed = new URL(uploadUrl);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .BundleError */ .rJ('upload_url_invalid', 'upload-url is not a URL; give the full presigned https:// URL to PUT the bundle to.', 'upload-url');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .BundleError */ .rJ('upload_url_invalid', `upload-url must be an http:// or https:// URL, not ${parsed.protocol}//.`, 'upload-url');
    }
    return parsed;
}
/** Ours win over the user's for framing; the user's win for everything else (a presigned URL may sign content-type). */
function requestHeaders(extra, size) {
    const headers = { 'content-type': 'application/zip' };
    for (const [name, value] of Object.entries(extra)) {
        if (!RESERVED_HEADERS.has(name.toLowerCase()))
            headers[name.toLowerCase()] = value;
    }
    headers['content-length'] = size;
    return headers;
}
/** Starts a request on a fresh connection, so a retry never reuses a socket the server half-closed. */
function open(url, method, headers, timeoutMs) {
    const request = (url.protocol === 'https:' ? node_https__WEBPACK_IMPORTED_MODULE_3__.request : node_http__WEBPACK_IMPORTED_MODULE_2__.request)(url, { method, headers, agent: false });
    request.setTimeout(timeoutMs, () => request.destroy(Object.assign(new Error(`no data for ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    const response = new Promise((resolve, reject) => {
        request.once('response', resolve);
        // `on`, not `once`: a second error after the first must not go unhandled.
        request.on('error', reject);
    });
    return { request, response };
}
/** Reads a small error body for its S3-style <Code>, then lets the socket go. */
async function errorCodeOf(response) {
    let text = '';
    for await (const chunk of response) {
        if (text.length < ERROR_BODY_LIMIT)
            text += String(chunk);
    }
    return /<Code>([A-Za-z0-9.]{1,64})<\/Code>/.exec(text)?.[1];
}
/** One PUT of the whole file from disk; the stream is opened per attempt so a retry starts at byte 0. */
async function putFile(url, file, headers, timeoutMs) {
    const source = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(file);
    const exchange = open(url, 'PUT', headers, timeoutMs);
    exchange.request.once('close', () => source.destroy());
    source.on('error', (error) => exchange.request.destroy(error));
    source.pipe(exchange.request);
    // A server may answer (e.g. 503) before reading the whole body; that answer is what counts.
    const response = await exchange.response;
    if (response.statusCode && response.statusCode >= 200 && response.statusCode < 300) {
        response.resume();
        return;
    }
    throw new HttpStatusError(response.statusCode ?? 0, await errorCodeOf(response));
}
/** GET to a file, following redirects as devices do. */
async function downloadFile(url, file, timeoutMs) {
    let current = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        const exchange = open(current, 'GET', {}, timeoutMs);
        exchange.request.end();
        const response = await exchange.response;
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
            response.resume();
            current = new URL(response.headers.location, current);
            continue;
        }
        if (status !== 200)
            throw new HttpStatusError(status, await errorCodeOf(response));
        await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_4__.pipeline)(response, (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createWriteStream)(file));
        return;
    }
    throw new Error(`more than ${MAX_REDIRECTS} redirects`);
}
/**
 * Any service that takes a presigned PUT (S3, R2, GCS, Azure SAS, a
 * self-hosted server). The upload URL is a credential: it is masked, and
 * messages show only its scheme and host.
 */
async function createHttpPutStorage(settings, logger, options = {}) {
    maskUploadTarget(settings, logger);
    const target = parseUploadUrl(settings.uploadUrl);
    const publicUrl = settings.publicUrl ?? '';
    if (!publicUrl) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .BundleError */ .rJ('public_url_missing', 'storage url needs public-url: the https URL devices download the bundle from (placeholders {appId}, {version}, {sha256}).', 'public-url');
    }
    const origin = (0,_public_url_js__WEBPACK_IMPORTED_MODULE_6__/* .originOf */ .yv)(target.href);
    const retry = options.retry ?? _retry_js__WEBPACK_IMPORTED_MODULE_7__/* .defaultRetry */ .iU;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    function locate(bundle) {
        const values = { appId: bundle.appId, version: bundle.version, sha256: bundle.sha256 };
        return { key: origin, url: (0,_public_url_js__WEBPACK_IMPORTED_MODULE_6__/* .devicePublicUrl */ .RJ)(publicUrl, values, { allowInsecure: settings.allowInsecurePublicUrl, input: 'public-url' }) };
    }
    function uploadFailure(error, bundle, location) {
        const after = `Nothing was registered. A refused PUT stores nothing, but if ${location.url} serves a file from this run, delete it.`;
        if (error instanceof HttpStatusError && !(0,_retry_js__WEBPACK_IMPORTED_MODULE_7__/* .isRetryableStatus */ .PS)(error.status)) {
            const hint = error.status === 403 || error.status === 401
                ? ' Presigned URLs expire and are bound to the method, content-type and signed headers; create a fresh upload-url (content-type application/zip).'
                : '';
            return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .BundleError */ .rJ('upload_refused', `${origin} refused the PUT of ${bundle.fileName} (${error.message}).${hint} ${after}`, 'upload-url');
        }
        const code = error?.code;
        if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
            return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .BundleError */ .rJ('upload_unreachable', `Cannot reach ${origin} to upload ${bundle.fileName} (${code}); check upload-url.`, 'upload-url');
        }
        return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .BundleError */ .rJ('upload_failed', `Uploading ${bundle.fileName} to ${origin} failed after ${retry.attempts} attempts: ${reasonOf(error)}. ${after}`);
    }
    async function upload(bundle, location) {
        const { size } = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(bundle.path);
        if (size !== bundle.bundleSize) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .BundleError */ .rJ('bundle_changed', `${bundle.path} has ${size} bytes but was packed with ${bundle.bundleSize}: it changed after packing. Pack again.`);
        }
        const headers = requestHeaders(settings.headers, size);
        try {
            await (0,_retry_js__WEBPACK_IMPORTED_MODULE_7__/* .withRetry */ .bD)(() => putFile(target, bundle.path, headers, timeoutMs), { ...retry, logger, what: `PUT to ${origin}`, retryable: isRetryableHttpError });
        }
        catch (error) {
            throw uploadFailure(error, bundle, location);
        }
    }
    async function verifyStored(bundle, location) {
        const cleanup = `replace or delete the file behind ${location.url} and run again.`;
        await (0,_verify_stored_js__WEBPACK_IMPORTED_MODULE_8__/* .withTempFile */ .X)(bundle.fileName, async (file) => {
            try {
                await (0,_retry_js__WEBPACK_IMPORTED_MODULE_7__/* .withRetry */ .bD)(() => downloadFile(new URL(location.url), file, timeoutMs), {
                    ...retry,
                    logger,
                    what: `Downloading ${location.url} to verify it`,
                    retryable: isRetryableHttpError,
                });
            }
            catch (error) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .BundleError */ .rJ('public_url_unavailable', `The upload succeeded but ${location.url} could not be downloaded (${reasonOf(error)}), so devices could not fetch it either; check public-url. Nothing was registered; ${cleanup}`, 'public-url');
            }
            await (0,_verify_stored_js__WEBPACK_IMPORTED_MODULE_8__/* .verifyStoredCopy */ .S)(file, bundle, { label: location.url, cleanup }, logger);
        });
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


/***/ }),

/***/ 546:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HA: () => (/* binding */ requireDeviceUrl),
/* harmony export */   RJ: () => (/* binding */ devicePublicUrl),
/* harmony export */   g: () => (/* binding */ expandKeyTemplate),
/* harmony export */   xC: () => (/* binding */ encodeKeyPath),
/* harmony export */   yv: () => (/* binding */ originOf)
/* harmony export */ });
/* unused harmony export expandUrlTemplate */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);

const PLACEHOLDER = /\{([^{}]*)\}/g;
/**
 * Fills `{name}` placeholders. An unknown name is an error rather than left
 * as is: a typo like `{versoin}` would otherwise publish every version to the
 * same literal key.
 */
function fill(template, values, allowed, input, encode) {
    return template.replace(PLACEHOLDER, (_match, name) => {
        if (!allowed.includes(name)) {
            const names = allowed.map((allowedName) => `{${allowedName}}`).join(', ');
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('template_placeholder', `${input} uses {${name}}, which is not a placeholder; use ${names}.`, input);
        }
        const value = values[name];
        if (value === undefined)
            throw new Error(`unreachable: template value ${name} missing`);
        return encode(name, value);
    });
}
/** Each path segment percent-encoded, `/` kept: S3 reads a literal `+` in a path as a space. */
function encodeKeyPath(key) {
    return key.split('/').map(encodeURIComponent).join('/');
}
/** An object key from its template; values go in raw because S3 stores keys verbatim. */
function expandKeyTemplate(template, values, input) {
    const key = fill(template, values, ['appId', 'version', 'sha256'], input, (_name, value) => value);
    if (!key || key.startsWith('/')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('key_invalid', `${input} gives the object key "${key}"; it must be non-empty and must not start with "/".`, input);
    }
    return key;
}
/** A URL from its template; values are percent-encoded so they stay one path segment (or, for {key}, its segments). */
function expandUrlTemplate(template, values, input) {
    const allowed = values.key === undefined ? ['appId', 'version', 'sha256'] : ['appId', 'version', 'sha256', 'key'];
    return fill(template, values, allowed, input, (name, value) => (name === 'key' ? encodeKeyPath(value) : encodeURIComponent(value)));
}
/**
 * Devices only download over https; plain http is accepted only when the
 * user opted in (loopback tests, LAN update servers).
 */
function requireDeviceUrl(url, options) {
    const { input } = options;
    const what = options.source ?? input;
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('public_url_invalid', `${what} is not a URL devices can download from (got "${url}"); give a full https:// URL.`, input);
    }
    if (parsed.protocol === 'https:')
        return parsed.href;
    if (parsed.protocol === 'http:') {
        if (options.allowInsecure)
            return parsed.href;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('public_url_insecure', `${what} resolves to ${originOf(url)}, which is plain http; devices only download bundles over https. Use an https URL (CDN or bucket), or set allow-insecure-public-url: true for tests.`, input);
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('public_url_invalid', `${what} uses ${parsed.protocol.replace(/:$/, '')}://; devices download bundles over https.`, input);
}
/** The public URL devices download from: template expanded, then held to the https rule. */
function devicePublicUrl(template, values, options) {
    return requireDeviceUrl(expandUrlTemplate(template, values, options.input), options);
}
/** Scheme and host only: safe to print for URLs whose path or query may be a credential. */
function originOf(url) {
    try {
        const parsed = new URL(url);
        return `${parsed.protocol}//${parsed.host}`;
    }
    catch {
        return '(an unparseable URL)';
    }
}


/***/ }),

/***/ 7900:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ verifyStoredCopy),
/* harmony export */   X: () => (/* binding */ withTempFile)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _bundle_verify_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7589);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3916);





/** Runs `use` with a fresh temporary file path; the directory is gone afterwards whatever happens. */
async function withTempFile(name, use) {
    const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)(), 'capgo-bundle-stored-'));
    try {
        return await use((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, name));
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(dir, { recursive: true, force: true });
    }
}
/**
 * Checks a downloaded copy of what storage holds the way a device would.
 * `where` names the stored object for messages (s3://bucket/key, or a
 * public URL); `cleanup` says what to delete when it is bad.
 */
async function verifyStoredCopy(file, bundle, where, logger) {
    const reject = (detail) => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('stored_bundle_invalid', `The stored copy at ${where.label} ${detail}. Nothing was registered; ${where.cleanup}`);
    };
    const { size } = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(file);
    if (size !== bundle.bundleSize)
        reject(`has ${size} bytes instead of ${bundle.bundleSize}`);
    try {
        const result = await (0,_bundle_verify_js__WEBPACK_IMPORTED_MODULE_3__/* .verifyBundle */ .I)({ file, ivSessionKey: bundle.ivSessionKey, checksum: bundle.checksum, publicKey: bundle.publicKey });
        if (result.sha256 !== bundle.sha256)
            reject(`decrypts to a different zip (SHA-256 ${result.sha256} instead of ${bundle.sha256})`);
    }
    catch (error) {
        if (error instanceof _bundle_verify_js__WEBPACK_IMPORTED_MODULE_3__/* .DeviceRejection */ ._)
            reject(`fails verification: ${error.message}`);
        throw error;
    }
    logger.info(`Verified the stored copy at ${where.label} like a device (${bundle.checksumFormat} checksum)`);
}


/***/ })

};
