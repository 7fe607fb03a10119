export const id = 921;
export const ids = [921];
export const modules = {

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

/***/ 1921:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createS3Storage: () => (/* binding */ createS3Storage),
/* harmony export */   planS3Location: () => (/* binding */ planS3Location)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(3711);
/* harmony import */ var _aws_sdk_lib_storage__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2358);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3916);
/* harmony import */ var _public_url_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(546);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(833);
/* harmony import */ var _verify_stored_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7900);









const MiB = 1024 * 1024;
const MIN_PART_SIZE = 5 * MiB;
const MAX_PARTS = 10_000;
/**
 * The S3 minimum. lib-storage buffers every part in flight and copies it once
 * while slicing the stream, so each concurrent part costs about twice its
 * size until GC. Measured on 500 MB (scripts/bench-upload.ts, bundled, plain
 * node): 8 MiB parts peaked at 136-157 MB, 5 MiB parts at 129 MB, with the same
 * throughput on loopback. 10,000 parts are needed only past 48 GB.
 */
const DEFAULT_PART_SIZE = MIN_PART_SIZE;
/**
 * 4 parts in flight peaked ~30 MB higher than 2 with the same throughput on
 * loopback; two still overlap one part's round trip with the next.
 */
const DEFAULT_QUEUE_SIZE = 2;
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;
const R2_HOST = /\.r2\.cloudflarestorage\.com$/i;
const RETRYABLE_S3_ERRORS = ['RequestTimeout', 'RequestTimeTooSkewed', 'SlowDown', 'InternalError', 'ServiceUnavailable'];
function errorShape(error) {
    return error && typeof error === 'object' ? error : {};
}
function statusOf(error) {
    return errorShape(error).$metadata?.httpStatusCode;
}
/** One readable line for an SDK failure; SDK messages hold neither keys nor signatures. */
function describeS3Error(error) {
    const { name, message } = errorShape(error);
    const status = statusOf(error);
    const code = networkCode(error);
    const label = code ?? (name && name !== 'Error' ? name : undefined);
    const head = [label, status ? `HTTP ${status}` : undefined].filter(Boolean).join(', ');
    const text = message && message !== name && message !== 'UnknownError' ? message : '';
    return [head, text].filter(Boolean).join(': ') || String(error);
}
/** The system error code somewhere in the cause chain (ECONNREFUSED, ENOTFOUND, ...). */
function networkCode(error) {
    const seen = new Set();
    let current = error;
    while (current && typeof current === 'object' && !seen.has(current)) {
        seen.add(current);
        const { code } = current;
        if (typeof code === 'string' && /^E[A-Z]+$/.test(code))
            return code;
        current = current.cause;
    }
    return undefined;
}
function isUnreachable(error) {
    const code = networkCode(error);
    if (code && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNRESET|ETIMEDOUT|EPROTO)$/.test(code))
        return true;
    const { name } = errorShape(error);
    return name === 'TimeoutError' || /certificate|self.signed/i.test(errorShape(error).message ?? '');
}
function isRetryableS3Error(error) {
    if ((0,_retry_js__WEBPACK_IMPORTED_MODULE_6__/* .isTransientNetworkError */ .l)(error))
        return true;
    const status = statusOf(error);
    if (status !== undefined && (0,_retry_js__WEBPACK_IMPORTED_MODULE_6__/* .isRetryableStatus */ .PS)(status))
        return true;
    return RETRYABLE_S3_ERRORS.includes(errorShape(error).name ?? '');
}
function isNotFound(error) {
    const { name } = errorShape(error);
    return statusOf(error) === 404 || name === 'NotFound' || name === 'NoSuchKey';
}
/** Masks before anything could print; the key id too, as configure-aws-credentials does. */
function maskCredentials(settings, logger) {
    if (settings.secretAccessKey)
        logger.secret(settings.secretAccessKey);
    if (settings.accessKeyId)
        logger.secret(settings.accessKeyId);
}
function credentialsOf(settings) {
    const { accessKeyId, secretAccessKey } = settings;
    if (accessKeyId && secretAccessKey)
        return { accessKeyId, secretAccessKey };
    if (accessKeyId) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('s3_credentials', 's3-access-key-id is set but s3-secret-access-key is empty; give both, or neither to use the AWS credential chain (OIDC).', 's3-secret-access-key');
    }
    if (secretAccessKey) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('s3_credentials', 's3-secret-access-key is set but s3-access-key-id is empty; give both, or neither to use the AWS credential chain (OIDC).', 's3-access-key-id');
    }
    // Undefined selects the SDK's default chain: env, web identity (OIDC), profiles, instance roles.
    return undefined;
}
function parseEndpoint(settings) {
    if (!settings.endpoint) {
        if (settings.region === 'auto') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('s3_endpoint', 's3-region "auto" is for Cloudflare R2 and needs s3-endpoint (https://<account id>.r2.cloudflarestorage.com).', 's3-endpoint');
        }
        return undefined;
    }
    let endpoint;
    try {
        endpoint = new URL(settings.endpoint);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('s3_endpoint', `s3-endpoint "${settings.endpoint}" is not a URL; give e.g. https://<account id>.r2.cloudflarestorage.com or http://minio:9000.`, 's3-endpoint');
    }
    if (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('s3_endpoint', `s3-endpoint must be an http:// or https:// URL, not ${endpoint.protocol}//.`, 's3-endpoint');
    }
    if (endpoint.username || endpoint.password || endpoint.search) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('s3_endpoint', 's3-endpoint must not carry credentials or a query; give keys in s3-access-key-id and s3-secret-access-key.', 's3-endpoint');
    }
    return endpoint;
}
/** Scheme, host and path of the endpoint, without a trailing slash. */
function endpointBase(endpoint) {
    return `${endpoint.protocol}//${endpoint.host}${endpoint.pathname.replace(/\/+$/, '')}`;
}
function createClient(settings, endpoint, options) {
    return new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_8__.S3Client({
        region: settings.region,
        endpoint: endpoint ? endpointBase(endpoint) : undefined,
        forcePathStyle: settings.forcePathStyle,
        credentials: credentialsOf(settings),
        // Our retry layer (withRetry, logged) is the only one: SDK retries on top would multiply attempts silently.
        maxAttempts: 1,
        // Several S3-compatible services reject or mishandle the checksum headers
        // the SDK sends by default since 3.729; AWS itself keeps those checks.
        requestChecksumCalculation: endpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
        responseChecksumValidation: endpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
        requestHandler: {
            requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
            connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
        },
    });
}
function describeCommand(commandName, input, uri) {
    const operation = (commandName ?? 'S3 request').replace(/Command$/, '');
    return typeof input.PartNumber === 'number' ? `${operation} part ${input.PartNumber} of ${uri}` : `${operation} ${uri}`;
}
/**
 * Retries each S3 request (one part, not the whole upload) at the start of
 * the middleware stack, so every attempt is serialised and signed afresh.
 * GetObject is left to its caller, which retries around the body stream too.
 */
function addRetry(client, bucket, retry, logger) {
    client.middlewareStack.add((next, context) => (args) => {
        if (context.commandName === 'GetObjectCommand')
            return next(args);
        const input = args.input;
        const uri = `s3://${bucket}${typeof input.Key === 'string' ? `/${input.Key}` : ''}`;
        return (0,_retry_js__WEBPACK_IMPORTED_MODULE_6__/* .withRetry */ .bD)(() => next(args), {
            ...retry,
            logger,
            what: describeCommand(context.commandName, input, uri),
            retryable: isRetryableS3Error,
        });
    }, { step: 'initialize', name: 'capgoBundleRetry', priority: 'high' });
}
/** AWS's virtual-hosted URL; path style for dotted bucket names, which break the wildcard certificate. */
function defaultPublicUrl(settings, endpoint, key) {
    const path = (0,_public_url_js__WEBPACK_IMPORTED_MODULE_5__/* .encodeKeyPath */ .xC)(key);
    const { bucket, region } = settings;
    // The official CLI leaves the bucket out here; path-style servers need it.
    if (endpoint)
        return `${endpointBase(endpoint)}/${encodeURIComponent(bucket)}/${path}`;
    if (bucket.includes('.'))
        return `https://s3.${region}.amazonaws.com/${bucket}/${path}`;
    return `https://${bucket}.s3.${region}.amazonaws.com/${path}`;
}
function publicUrlOf(settings, endpoint, values) {
    const rule = { allowInsecure: settings.allowInsecurePublicUrl, input: 'public-url' };
    if (settings.publicUrl)
        return (0,_public_url_js__WEBPACK_IMPORTED_MODULE_5__/* .devicePublicUrl */ .RJ)(settings.publicUrl, values, rule);
    if (endpoint && R2_HOST.test(endpoint.hostname)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('public_url_missing', "Cloudflare R2's S3 endpoint only serves signed requests, so devices cannot download from it; set public-url to the bucket's public r2.dev URL or custom domain, e.g. https://cdn.example.com/{key}.", 'public-url');
    }
    return (0,_public_url_js__WEBPACK_IMPORTED_MODULE_5__/* .requireDeviceUrl */ .HA)(defaultPublicUrl(settings, endpoint, values.key), { ...rule, source: 'The default public URL (no public-url given)' });
}
/** Where a bundle goes and where devices fetch it; no network, so every template error surfaces before a request. */
function planS3Location(settings, bundle) {
    const endpoint = parseEndpoint(settings);
    const values = { appId: bundle.appId, version: bundle.version, sha256: bundle.sha256 };
    const key = (0,_public_url_js__WEBPACK_IMPORTED_MODULE_5__/* .expandKeyTemplate */ .g)(settings.keyTemplate, values, 's3-key');
    return { key, url: publicUrlOf(settings, endpoint, { ...values, key }), uri: `s3://${settings.bucket}/${key}` };
}
/**
 * An S3-compatible bucket (AWS, R2, MinIO, Spaces, B2). The object is
 * uploaded from the encrypted file in parts, so memory stays flat, and is
 * never replaced unless `overwrite`: a registered bundle must not change
 * under its signed checksum.
 */
async function createS3Storage(settings, logger, options = {}) {
    maskCredentials(settings, logger);
    const endpoint = parseEndpoint(settings);
    const { bucket } = settings;
    const client = createClient(settings, endpoint, options);
    addRetry(client, bucket, options.retry ?? _retry_js__WEBPACK_IMPORTED_MODULE_6__/* .defaultRetry */ .iU, logger);
    const where = endpoint ? `endpoint ${(0,_public_url_js__WEBPACK_IMPORTED_MODULE_5__/* .originOf */ .yv)(endpoint.href)}` : `AWS region ${settings.region}`;
    const locate = (bundle) => planS3Location(settings, bundle);
    /** Turns a failed read-only request into a message that names the input to change. */
    function explain(error, operation, location) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ)
            return error;
        const { name } = errorShape(error);
        const status = statusOf(error);
        const detail = describeS3Error(error);
        if (name === 'CredentialsProviderError') {
            return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('s3_credentials', 'No AWS credentials found: set s3-access-key-id and s3-secret-access-key, or run aws-actions/configure-aws-credentials (OIDC) before this step.', 's3-access-key-id');
        }
        if (isUnreachable(error) && status === undefined) {
            return endpoint
                ? new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('s3_unreachable', `Cannot reach the S3 endpoint ${(0,_public_url_js__WEBPACK_IMPORTED_MODULE_5__/* .originOf */ .yv)(endpoint.href)} (${detail}); check s3-endpoint.`, 's3-endpoint')
                : new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('s3_unreachable', `Cannot reach S3 in region ${settings.region} (${detail}); check s3-region, or set s3-endpoint for a non-AWS service.`, 's3-region');
        }
        if (status === 301 || name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed') {
            const actual = errorShape(error).$response?.headers?.['x-amz-bucket-region'];
            return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('s3_region', `Bucket "${bucket}" is not in region ${settings.region}${actual ? ` but in ${actual}` : ''}; set s3-region${actual ? `: ${actual}` : ''}.`, 's3-region');
        }
        if (name === 'InvalidAccessKeyId') {
            return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('s3_credentials', `The S3 service at ${where} does not know the access key in s3-access-key-id (${detail}).`, 's3-access-key-id');
        }
        if (name === 'SignatureDoesNotMatch') {
            return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('s3_credentials', `The S3 service at ${where} rejected the request signature: s3-secret-access-key does not belong to s3-access-key-id.`, 's3-secret-access-key');
        }
        if (status === 403) {
            return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('s3_access_denied', `S3 refused ${operation} on ${location.uri} (${detail}); the credentials need s3:ListBucket, s3:GetObject, s3:PutObject and s3:AbortMultipartUpload on bucket "${bucket}".`, 's3-access-key-id');
        }
        return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('s3_failed', `S3 ${operation} on ${location.uri} at ${where} failed: ${detail}.`);
    }
    async function checkBucket(location) {
        try {
            await client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_8__.HeadBucketCommand({ Bucket: bucket }));
        }
        catch (error) {
            // HeadBucket needs s3:ListBucket; without it, HeadObject below still tells whether we may write.
            if (statusOf(error) === 403) {
                logger.debug(`HeadBucket ${bucket} was refused (403); relying on HeadObject`);
                return;
            }
            if (isNotFound(error) || errorShape(error).name === 'NoSuchBucket') {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('s3_bucket_missing', `Bucket "${bucket}" does not exist at ${where}; check s3-bucket (and s3-region / s3-endpoint).`, 's3-bucket');
            }
            throw explain(error, 'HeadBucket', location);
        }
    }
    /** The stored object's size, or undefined when there is none. */
    async function storedSize(key) {
        try {
            const head = await client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_8__.HeadObjectCommand({ Bucket: bucket, Key: key }));
            return head.ContentLength ?? 0;
        }
        catch (error) {
            if (isNotFound(error))
                return undefined;
            throw error;
        }
    }
    async function checkObject(location) {
        let existing;
        try {
            existing = await storedSize(location.key);
        }
        catch (error) {
            if (statusOf(error) === 403 && settings.overwrite) {
                logger.warning(`Cannot tell whether ${location.uri} exists (HeadObject refused); overwrite is true, so uploading anyway.`);
                return;
            }
            throw explain(error, 'HeadObject', location);
        }
        if (existing === undefined)
            return;
        if (!settings.overwrite) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('object_exists', `${location.uri} already exists; a registered bundle must not change under its signed checksum. Publish a new version, delete the object, or set overwrite: true.`, 'overwrite');
        }
        logger.info(`${location.uri} exists (${existing} bytes) and overwrite is true: it will be replaced`);
    }
    async function abortMultipart(uploadId, location) {
        if (!uploadId)
            return 'none';
        try {
            await client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_8__.AbortMultipartUploadCommand({ Bucket: bucket, Key: location.key, UploadId: uploadId }));
            logger.info(`Aborted the multipart upload to ${location.uri}; its parts are deleted`);
            return 'aborted';
        }
        catch (error) {
            logger.warning(`Could not abort the multipart upload to ${location.uri}: ${describeS3Error(error)}`);
            return 'failed';
        }
    }
    /** Best effort: whether an object sits at the key after a failure. */
    async function leftoverAt(key) {
        try {
            return (await storedSize(key)) === undefined ? 'absent' : 'present';
        }
        catch {
            return 'unknown';
        }
    }
    async function uploadFailure(error, location, uploadId, abort) {
        const cleanup = [];
        if (abort === 'failed' && uploadId) {
            cleanup.push(`abort the incomplete multipart upload (aws s3api abort-multipart-upload --bucket ${bucket} --key ${location.key} --upload-id ${uploadId}) or let a lifecycle rule expire it`);
        }
        const leftover = await leftoverAt(location.key);
        if (leftover === 'present') {
            cleanup.push(`delete ${location.uri} unless it is a bundle you registered before${settings.overwrite ? ' (overwrite was true, so it may be the previous object)' : ''}`);
        }
        if (leftover === 'unknown')
            cleanup.push(`check whether ${location.uri} exists and delete it if so`);
        const after = cleanup.length ? `To clean up: ${cleanup.join('; ')}.` : 'No object was written.';
        if (statusOf(error) === 412 || errorShape(error).name === 'PreconditionFailed') {
            return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('object_exists', `${location.uri} appeared while uploading (another run of the same version?) and was not replaced. Nothing was registered. ${after}`, 'overwrite');
        }
        const explained = error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ || statusOf(error) === 403 || isUnreachable(error) ? explain(error, 'upload', location) : undefined;
        const reason = explained ? explained.message : `${describeS3Error(error)}.`;
        return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('s3_upload_failed', `Uploading the bundle to ${location.uri} failed: ${reason} Nothing was registered. ${after}`, explained?.input);
    }
    async function uploadObject(bundle, location) {
        const body = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(bundle.path);
        const upload = new _aws_sdk_lib_storage__WEBPACK_IMPORTED_MODULE_3__/* .Upload */ ._({
            client,
            queueSize: options.queueSize ?? DEFAULT_QUEUE_SIZE,
            partSize: Math.max(options.partSize ?? DEFAULT_PART_SIZE, MIN_PART_SIZE, Math.ceil(bundle.bundleSize / MAX_PARTS)),
            // We abort ourselves, so a failed abort can be reported with its upload id.
            leavePartsOnError: true,
            params: {
                Bucket: bucket,
                Key: location.key,
                Body: body,
                ContentLength: bundle.bundleSize,
                ContentType: 'application/zip',
                CacheControl: settings.cacheControl || undefined,
                // Closes the race between check() and upload on services with conditional writes (AWS, R2, MinIO).
                IfNoneMatch: settings.overwrite ? undefined : '*',
            },
        });
        try {
            await upload.done();
        }
        catch (error) {
            const abort = await abortMultipart(upload.uploadId, location);
            throw await uploadFailure(error, location, upload.uploadId, abort);
        }
        finally {
            body.destroy();
        }
    }
    async function confirmStored(bundle, location) {
        let size;
        try {
            size = await storedSize(location.key);
        }
        catch (error) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('s3_confirm_failed', `Uploaded ${location.uri} but could not confirm it: ${explain(error, 'HeadObject', location).message} Nothing was registered; delete ${location.uri} or run again.`);
        }
        if (size !== bundle.bundleSize) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('stored_bundle_invalid', `${location.uri} holds ${size ?? 'no'} bytes after the upload instead of ${bundle.bundleSize}; devices would fail the checksum. Nothing was registered; delete ${location.uri} and run again.`);
        }
    }
    async function download(key, file) {
        const { Body } = await client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_8__.GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!Body)
            throw new Error(`GetObject returned no body for ${key}`);
        await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_2__.pipeline)(Body, (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createWriteStream)(file));
    }
    async function verifyStored(bundle, location) {
        await (0,_verify_stored_js__WEBPACK_IMPORTED_MODULE_7__/* .withTempFile */ .X)(bundle.fileName, async (file) => {
            await (0,_retry_js__WEBPACK_IMPORTED_MODULE_6__/* .withRetry */ .bD)(() => download(location.key, file), {
                ...(options.retry ?? _retry_js__WEBPACK_IMPORTED_MODULE_6__/* .defaultRetry */ .iU),
                logger,
                what: `Downloading ${location.uri} to verify it`,
                retryable: isRetryableS3Error,
            }).catch((error) => {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('s3_verify_failed', `Could not download ${location.uri} to verify it: ${describeS3Error(error)}. Nothing was registered; delete ${location.uri} or run again.`);
            });
            await (0,_verify_stored_js__WEBPACK_IMPORTED_MODULE_7__/* .verifyStoredCopy */ .S)(file, bundle, { label: location.uri, cleanup: `delete ${location.uri} and run again.` }, logger);
        });
    }
    async function requireLocalFile(bundle) {
        const { size } = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(bundle.path);
        if (size !== bundle.bundleSize) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('bundle_changed', `${bundle.path} has ${size} bytes but was packed with ${bundle.bundleSize}: it changed after packing. Pack again.`);
        }
    }
    return {
        async check(bundle) {
            const location = locate(bundle);
            await checkBucket(location);
            await checkObject(location);
            return { key: location.key, url: location.url };
        },
        async put(bundle) {
            const location = locate(bundle);
            await requireLocalFile(bundle);
            logger.info(`Uploading ${bundle.fileName} (${bundle.bundleSize} bytes) to ${location.uri} at ${where}`);
            await uploadObject(bundle, location);
            await confirmStored(bundle, location);
            if (settings.verifyUpload)
                await verifyStored(bundle, location);
            return { key: location.key, url: location.url };
        },
    };
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
