export const id = 925;
export const ids = [925];
export const modules = {

/***/ 925:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createGithubReleaseStorage: () => (/* binding */ createGithubReleaseStorage)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1193);
/* harmony import */ var _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2622);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4533);
/* harmony import */ var _progress_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4017);
/* harmony import */ var _github_release_settings_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9447);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1458);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(730);
/* harmony import */ var _verify_stored_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(6259);










const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
function shape(error) {
    return error && typeof error === 'object' ? error : {};
}
/** The HTTP status GitHub answered with; undefined when no answer came (Octokit reports those as 500 without a response). */
function answeredStatus(error) {
    const { response } = shape(error);
    return response ? response.status : undefined;
}
function isRetryableGithubError(error) {
    const status = answeredStatus(error);
    if (status !== undefined)
        return (0,_http_js__WEBPACK_IMPORTED_MODULE_7__/* .isRetryableStatus */ .PS)(status);
    return (0,_http_js__WEBPACK_IMPORTED_MODULE_7__/* .isTransientNetworkError */ .l)(error);
}
/** One line: GitHub's status and words, or the network failure. Never the token (Octokit's messages do not carry it). */
function describeGithubError(error) {
    const status = answeredStatus(error);
    if (status !== undefined)
        return `HTTP ${status}: ${(shape(error).message ?? '').split(' - https://')[0]}`;
    const { cause } = shape(error);
    return (0,_http_js__WEBPACK_IMPORTED_MODULE_7__/* .describeHttpError */ .g2)(cause ?? error);
}
/** A fetch with a deadline for each REST request. Upload bodies are streams and bring their own inactivity timer. */
function timedFetch(base, timeoutMs) {
    return (url, init = {}) => {
        if (init.body && typeof init.body !== 'string')
            return base(url, init);
        const deadline = AbortSignal.timeout(timeoutMs);
        return base(url, { ...init, signal: init.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
    };
}
/**
 * The encrypted bundle as an asset of a GitHub release: the release for the
 * tag is found or created, an asset of the same name is refused unless
 * `overwrite`, and devices download the asset's public URL. A private
 * repository is refused, since its assets need a token to download. Every
 * request has a deadline and bounded retries; a broken upload is deleted
 * (GitHub keeps a partial asset) before another attempt, and on failure the
 * error says what was removed and what is left. Settings passed
 * `checkSettings` (github-release-settings.ts) in the plan.
 */
async function createGithubReleaseStorage(settings, logger, options = {}) {
    logger.secret(settings.token);
    const retry = options.retry ?? _retry_js__WEBPACK_IMPORTED_MODULE_8__/* .defaultRetry */ .i;
    const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    const [owner, repo] = settings.repository.split('/');
    const { tag, repository } = settings;
    // The proxy-aware fetch of @actions/github (HTTPS_PROXY, NO_PROXY), wrapped with a deadline.
    const baseFetch = _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_3__/* .defaults */ .NT.request?.fetch ?? fetch;
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_2__/* .getOctokit */ .Q)(settings.token, {
        baseUrl: settings.apiUrl,
        request: { fetch: timedFetch(baseFetch, options.timeoutMs ?? DEFAULT_TIMEOUT_MS) },
        log: { debug: () => undefined, info: () => undefined, warn: (message) => logger.debug(message), error: (message) => logger.debug(message) },
    });
    const call = (what, request) => (0,_retry_js__WEBPACK_IMPORTED_MODULE_8__/* .withRetry */ .b)(request, { ...retry, logger, what, retryable: isRetryableGithubError });
    /** A failed read or write as one line naming what to change. */
    function explain(error, operation) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ)
            return error;
        const status = answeredStatus(error);
        const detail = describeGithubError(error);
        if (status === 401) {
            return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('github_token_invalid', `GitHub refused github-token while ${operation} (${detail}); give a valid token.`, 'github-token');
        }
        if (status === 403) {
            return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('github_forbidden', `GitHub refused ${operation} (${detail}): github-token needs contents: write on ${repository} (add permissions: contents: write to the job).`, 'github-token');
        }
        if (status === undefined) {
            const code = (0,_http_js__WEBPACK_IMPORTED_MODULE_7__/* .networkCode */ .e8)(error);
            if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
                return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('github_unreachable', `Cannot reach the GitHub API at ${settings.apiUrl} while ${operation} (${code}); check GITHUB_API_URL.`, 'storage');
            }
        }
        return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('github_failed', `GitHub failed while ${operation}: ${detail}.`);
    }
    async function readRepository() {
        let data;
        try {
            data = (await call(`Reading repository ${repository}`, () => octokit.rest.repos.get({ owner, repo }))).data;
        }
        catch (error) {
            if (answeredStatus(error) === 404) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('github_repository_not_found', `GitHub has no repository ${repository}, or github-token cannot see it.`, 'github-token');
            }
            throw explain(error, `reading repository ${repository}`);
        }
        if (data.private) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('repository_private', `${repository} is ${data.visibility === 'internal' ? 'internal' : 'private'}: devices cannot download its release assets without a token. Publish from a public repository, or use storage s3 or url.`, 'storage');
        }
    }
    async function findRelease() {
        try {
            return (await call(`Reading release ${tag}`, () => octokit.rest.repos.getReleaseByTag({ owner, repo, tag }))).data;
        }
        catch (error) {
            if (answeredStatus(error) === 404)
                return undefined;
            throw explain(error, `reading release ${tag} of ${repository}`);
        }
    }
    async function listAssets(release) {
        try {
            return (await call(`Listing the assets of release ${tag}`, () => octokit.paginate(octokit.rest.repos.listReleaseAssets, { owner, repo, release_id: release.id, per_page: 100 })));
        }
        catch (error) {
            throw explain(error, `listing the assets of release ${tag}`);
        }
    }
    async function deleteAsset(asset) {
        try {
            await call(`Deleting asset ${asset.name}`, () => octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: asset.id }));
        }
        catch (error) {
            // Gone already (a retry after a lost answer) is what we wanted.
            if (answeredStatus(error) !== 404)
                throw error;
        }
    }
    /** The release, created when missing; a concurrent job creating it first is fine. */
    async function createRelease() {
        try {
            const release = (await call(`Creating release ${tag}`, () => octokit.rest.repos.createRelease({ owner, repo, tag_name: tag, name: tag }))).data;
            logger.info(`Created release ${tag} of ${repository}`);
            return { release, created: true };
        }
        catch (error) {
            if (answeredStatus(error) === 422) {
                const existing = await findRelease();
                if (existing)
                    return { release: existing, created: false };
            }
            throw explain(error, `creating release ${tag} of ${repository}`);
        }
    }
    async function inspect(bundle) {
        await readRepository();
        const release = await findRelease();
        if (release?.draft) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('release_draft', `Release ${tag} of ${repository} is a draft: devices cannot download its assets until it is published. Publish it, or set release-tag to another tag.`, 'release-tag');
        }
        const existing = release ? (await listAssets(release)).find((asset) => asset.name === bundle.fileName) : undefined;
        if (existing && !settings.overwrite) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('asset_exists', `${(0,_github_release_settings_js__WEBPACK_IMPORTED_MODULE_6__/* .assetLabel */ .NR)(settings, bundle.fileName)} already exists; a registered bundle must not change under its signed checksum. Publish a new version, delete the asset, or set overwrite: true.`, 'overwrite');
        }
        if (existing)
            logger.info(`${(0,_github_release_settings_js__WEBPACK_IMPORTED_MODULE_6__/* .assetLabel */ .NR)(settings, bundle.fileName)} exists (${existing.size} bytes) and overwrite is true: it will be replaced`);
        if (!release)
            logger.info(`Release ${tag} of ${repository} does not exist yet; it will be created`);
        return { release, existing };
    }
    async function uploadOnce(release, bundle) {
        const progress = (0,_progress_js__WEBPACK_IMPORTED_MODULE_5__/* .startProgress */ .ot)('Uploading to the GitHub release', { bytes: bundle.bundleSize }, (line) => logger.info(line), options.clock);
        const controller = new AbortController();
        const idle = () => controller.abort(Object.assign(new Error(`no upload progress for ${idleTimeoutMs} ms`), { name: 'TimeoutError' }));
        let timer = setTimeout(idle, idleTimeoutMs);
        const counter = new node_stream__WEBPACK_IMPORTED_MODULE_1__.Transform({
            transform(chunk, _encoding, done) {
                clearTimeout(timer);
                timer = setTimeout(idle, idleTimeoutMs);
                progress.add(chunk.length);
                done(null, chunk);
            },
        });
        const source = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(bundle.path);
        source.on('error', (error) => counter.destroy(error));
        try {
            const response = await octokit.request({
                method: 'POST',
                // upload_url is a URI template ({?name,label}); the upload host differs from the API's on github.com.
                url: `${release.upload_url.replace(/\{[^}]*\}$/, '')}?name=${encodeURIComponent(bundle.fileName)}`,
                data: source.pipe(counter),
                headers: { 'content-type': 'application/zip', 'content-length': bundle.bundleSize },
                request: { signal: controller.signal },
            });
            return response.data;
        }
        finally {
            clearTimeout(timer);
            progress.done();
            source.destroy();
        }
    }
    /** GitHub keeps a partial asset after a broken upload, and refuses another of the same name: remove it. */
    async function removePartial(release, name) {
        const partial = (await listAssets(release)).find((asset) => asset.name === name);
        if (partial) {
            await deleteAsset(partial);
            logger.info(`Deleted the partial asset ${name} (${partial.state}, ${partial.size} bytes) left by the failed attempt`);
        }
        return partial;
    }
    /** After a failed upload: remove what this run left, and say what could not be removed. */
    async function cleanUp(release, name, created) {
        const aftermath = { cleanedUp: [], remains: [] };
        let others;
        let partial;
        try {
            const assets = await listAssets(release);
            partial = assets.find((asset) => asset.name === name);
            others = assets.filter((asset) => asset.name !== name);
            if (partial) {
                await deleteAsset(partial);
                aftermath.cleanedUp.push(`deleted the partial asset ${name} from release ${tag}`);
            }
        }
        catch (error) {
            const what = partial ? `the partial asset ${name} (${partial.state}, ${partial.size} bytes)` : `possibly a partial asset ${name}`;
            const failed = partial ? 'deleting it failed' : 'listing the assets failed';
            aftermath.remains.push(`${what} on release ${tag} (${release.html_url}): ${failed} (${describeGithubError(error)}); delete it there`);
        }
        if (created && others?.length === 0) {
            try {
                await call(`Deleting release ${tag}`, () => octokit.rest.repos.deleteRelease({ owner, repo, release_id: release.id }));
                aftermath.cleanedUp.push(`deleted the empty release ${tag} this run created (the tag stays)`);
            }
            catch (error) {
                aftermath.remains.push(`the empty release ${tag} this run created (${release.html_url}): deleting it failed (${describeGithubError(error)})`);
            }
        }
        else if (created) {
            aftermath.remains.push(`release ${tag}, created by this run (${release.html_url})`);
        }
        return aftermath;
    }
    function failure(code, text, aftermath, input) {
        const done = aftermath.cleanedUp.length ? ` Cleaned up: ${aftermath.cleanedUp.join('; ')}.` : '';
        const left = aftermath.remains.length ? ` Left behind: ${aftermath.remains.join('; ')}.` : ' Nothing from this run is left on GitHub.';
        const error = new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ(code, `${text} Nothing was registered.${done}${left}`, input);
        error.aftermath = aftermath;
        return error;
    }
    async function upload(release, bundle, created) {
        let uploadError;
        // Set when a partial asset cannot be removed: another attempt would only meet a 422, so the upload's own failure is reported.
        let stuck = false;
        try {
            return await (0,_retry_js__WEBPACK_IMPORTED_MODULE_8__/* .withRetry */ .b)(async (attempt) => {
                if (attempt > 1) {
                    try {
                        await removePartial(release, bundle.fileName);
                    }
                    catch {
                        stuck = true;
                        throw uploadError;
                    }
                }
                try {
                    return await uploadOnce(release, bundle);
                }
                catch (error) {
                    uploadError = error;
                    throw error;
                }
            }, { ...retry, logger, what: `Uploading ${bundle.fileName} to release ${tag}`, retryable: (error) => !stuck && isRetryableGithubError(error) });
        }
        catch (error) {
            const aftermath = await cleanUp(release, bundle.fileName, created);
            if (answeredStatus(error) === 422) {
                return Promise.reject(failure('asset_exists', `${(0,_github_release_settings_js__WEBPACK_IMPORTED_MODULE_6__/* .assetLabel */ .NR)(settings, bundle.fileName)} appeared while uploading (another run of the same version?) and was not replaced.`, aftermath, 'overwrite'));
            }
            const reason = explain(error, `uploading ${bundle.fileName} to release ${tag}`);
            const text = reason.code === 'github_failed' ? `${describeGithubError(error)}.` : reason.message;
            return Promise.reject(failure('github_upload_failed', `Uploading ${bundle.fileName} to release ${tag} of ${repository} failed: ${text}`, aftermath, reason.input));
        }
    }
    async function verifyStored(bundle, asset) {
        const cleanup = `delete asset ${bundle.fileName} of release ${tag} and run again.`;
        await (0,_verify_stored_js__WEBPACK_IMPORTED_MODULE_9__/* .withTempFile */ .XH)(bundle.fileName, async (file) => {
            try {
                await (0,_retry_js__WEBPACK_IMPORTED_MODULE_8__/* .withRetry */ .b)(() => (0,_http_js__WEBPACK_IMPORTED_MODULE_7__/* .downloadFile */ .PE)(new URL(asset.browser_download_url), file, idleTimeoutMs), {
                    ...retry,
                    logger,
                    what: `Downloading ${asset.browser_download_url} to verify it`,
                    retryable: _http_js__WEBPACK_IMPORTED_MODULE_7__/* .isTransientNetworkError */ .l,
                });
            }
            catch (error) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('public_url_unavailable', `The upload succeeded but ${asset.browser_download_url} could not be downloaded (${(0,_http_js__WEBPACK_IMPORTED_MODULE_7__/* .describeHttpError */ .g2)(error)}), so devices could not fetch it either. Nothing was registered; ${cleanup}`);
            }
            await (0,_verify_stored_js__WEBPACK_IMPORTED_MODULE_9__/* .verifyStoredCopy */ .St)(file, bundle, { label: asset.browser_download_url, cleanup }, logger);
        });
    }
    let planned;
    return {
        async check(bundle) {
            planned = await inspect(bundle);
            return { key: (0,_github_release_settings_js__WEBPACK_IMPORTED_MODULE_6__/* .assetLabel */ .NR)(settings, bundle.fileName), url: (0,_github_release_settings_js__WEBPACK_IMPORTED_MODULE_6__/* .plannedAssetUrl */ .IR)(settings, bundle.fileName) };
        },
        async put(bundle) {
            const target = planned ?? (await inspect(bundle));
            planned = undefined;
            const { release, created } = target.release ? { release: target.release, created: false } : await createRelease();
            if (target.existing) {
                try {
                    await deleteAsset(target.existing);
                }
                catch (error) {
                    throw explain(error, `deleting the previous asset ${bundle.fileName} (overwrite: true)`);
                }
                logger.info(`Deleted the previous asset ${bundle.fileName} of release ${tag} (overwrite: true)`);
            }
            logger.info(`Uploading ${bundle.fileName} (${bundle.bundleSize} bytes) to release ${tag} of ${repository}`);
            const asset = await upload(release, bundle, created);
            if (asset.state !== 'uploaded' || asset.size !== bundle.bundleSize) {
                const aftermath = await cleanUp(release, bundle.fileName, created);
                throw failure('stored_bundle_invalid', `GitHub holds asset ${bundle.fileName} as ${asset.state} with ${asset.size} bytes instead of ${bundle.bundleSize}; devices would fail the checksum.`, aftermath);
            }
            if (settings.verifyUpload)
                await verifyStored(bundle, asset);
            return { key: (0,_github_release_settings_js__WEBPACK_IMPORTED_MODULE_6__/* .assetLabel */ .NR)(settings, bundle.fileName), url: asset.browser_download_url };
        },
    };
}


/***/ })

};
