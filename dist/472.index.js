export const id = 472;
export const ids = [472];
export const modules = {

/***/ 4472:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createGithubReleaseStorage: () => (/* binding */ createGithubReleaseStorage)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1351);
/* harmony import */ var _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4148);
/* harmony import */ var _cleanup_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2691);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3916);
/* harmony import */ var _progress_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9898);
/* harmony import */ var _github_release_settings_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7712);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2211);
/* harmony import */ var _public_url_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(546);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(833);
/* harmony import */ var _verify_stored_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(7900);











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
/** An async-iterable request body (the upload's file stream), as fetch takes it with duplex: 'half'. */
function isStreamBody(body) {
    return typeof body === 'object' && body !== null && Symbol.asyncIterator in body;
}
/**
 * Octokit's fetch with request-timeout measured on progress: a streamed
 * request body (the upload) touches the timer per chunk it hands over, and
 * the answer is read whole under the same timer, so a server that stops
 * answering mid-body fails the request (Octokit would otherwise take a cut
 * JSON body for an empty answer). REST answers are small. The request's own
 * signal (the run's cancellation, or an undo's budget) ends it at once.
 */
function progressFetch(base, timeoutMs) {
    return async (url, init = {}) => {
        const timer = new _http_js__WEBPACK_IMPORTED_MODULE_7__/* .ProgressTimer */ .lx(timeoutMs);
        const signal = init.signal ? AbortSignal.any([init.signal, timer.signal]) : timer.signal;
        const source = init.body;
        const body = isStreamBody(source)
            ? (async function* () {
                for await (const chunk of source) {
                    timer.touch();
                    yield chunk;
                }
            })()
            : source;
        try {
            const response = await base(url, { ...init, body: body, signal });
            timer.touch();
            const chunks = [];
            if (response.body) {
                for await (const chunk of response.body) {
                    timer.touch();
                    chunks.push(chunk);
                }
            }
            const text = Buffer.concat(chunks);
            return new Response(text.length ? text : null, {
                status: response.status,
                statusText: response.statusText,
                headers: response.headers,
            });
        }
        finally {
            timer.stop();
        }
    };
}
/**
 * The encrypted bundle as an asset of a GitHub release: the release for the
 * tag is found or created, an asset of the same name is refused unless
 * `overwrite`, and devices download the asset's public URL. A private
 * repository is refused, since its assets need a token to download. Every
 * request, the upload included, ends after request-timeout without progress
 * and is retried a bounded number of times; a broken upload is deleted
 * (GitHub keeps a partial asset) before another attempt, and on failure the
 * error says what was removed and what is left. A cancelled run deletes the
 * partial asset (and the release, when this run created it and it is empty).
 * Settings passed `checkSettings` (github-release-settings.ts) in the plan.
 */
async function createGithubReleaseStorage(settings, logger, options = {}, network = (0,_cleanup_js__WEBPACK_IMPORTED_MODULE_3__/* .standaloneNetwork */ .aI)()) {
    logger.secret(settings.token);
    const retry = options.retry ?? _retry_js__WEBPACK_IMPORTED_MODULE_9__/* .defaultRetry */ .i;
    const timeoutMs = options.timeoutMs ?? network.requestTimeoutMs;
    const { guard } = network;
    const [owner, repo] = settings.repository.split('/');
    const { tag, repository } = settings;
    // The proxy-aware fetch of @actions/github (HTTPS_PROXY, NO_PROXY), wrapped with request-timeout.
    const baseFetch = _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_2__/* .defaults */ .NT.request?.fetch ?? fetch;
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_1__/* .getOctokit */ .Q)(settings.token, {
        baseUrl: settings.apiUrl,
        request: { fetch: progressFetch(baseFetch, timeoutMs) },
        log: {
            debug: () => undefined,
            info: () => undefined,
            warn: (message) => logger.debug(message),
            error: (message) => logger.debug(message),
        },
    });
    /**
     * One REST request with bounded retries. `signal` is the run's cancellation,
     * or an undo's budget (the run's is aborted by then); it reaches the fetch
     * through Octokit's `request` option.
     */
    const call = (what, request, signal = guard.signal) => (0,_retry_js__WEBPACK_IMPORTED_MODULE_9__/* .withRetry */ .b)(() => request({ signal }), { ...retry, logger, what, retryable: isRetryableGithubError, signal });
    /** A failed read or write as one line naming what to change. */
    function explain(error, operation, origin = (0,_public_url_js__WEBPACK_IMPORTED_MODULE_8__/* .originOf */ .yv)(settings.apiUrl)) {
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
            if ((0,_http_js__WEBPACK_IMPORTED_MODULE_7__/* .isTimeout */ .kL)(error)) {
                return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('github_timeout', `No progress from ${origin} for ${(0,_http_js__WEBPACK_IMPORTED_MODULE_7__/* .seconds */ .YA)(timeoutMs)} (request-timeout), ${retry.attempts} attempts while ${operation}; check GITHUB_API_URL and the network, or raise request-timeout.`, 'request-timeout');
            }
        }
        return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('github_failed', `GitHub failed while ${operation}: ${detail}.`);
    }
    async function readRepository() {
        let data;
        try {
            data = (await call(`Reading repository ${repository}`, (request) => octokit.rest.repos.get({ owner, repo, request }))).data;
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
            return (await call(`Reading release ${tag}`, (request) => octokit.rest.repos.getReleaseByTag({ owner, repo, tag, request })))
                .data;
        }
        catch (error) {
            if (answeredStatus(error) === 404)
                return undefined;
            throw explain(error, `reading release ${tag} of ${repository}`);
        }
    }
    async function listAssets(release, signal) {
        try {
            return (await call(`Listing the assets of release ${tag}`, (request) => octokit.paginate(octokit.rest.repos.listReleaseAssets, { owner, repo, release_id: release.id, per_page: 100, request }), signal));
        }
        catch (error) {
            throw explain(error, `listing the assets of release ${tag}`);
        }
    }
    async function deleteAsset(asset, signal) {
        try {
            await call(`Deleting asset ${asset.name}`, (request) => octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: asset.id, request }), signal);
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
            const release = (await call(`Creating release ${tag}`, (request) => octokit.rest.repos.createRelease({ owner, repo, tag_name: tag, name: tag, request }))).data;
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
        const source = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(bundle.path);
        // Each chunk counts once fetch takes it; progressFetch touches request-timeout's timer on the same chunks.
        const counted = (async function* () {
            for await (const chunk of source) {
                progress.add(chunk.length);
                yield chunk;
            }
        })();
        try {
            const response = await octokit.request({
                method: 'POST',
                // upload_url is a URI template ({?name,label}); the upload host differs from the API's on github.com.
                url: `${release.upload_url.replace(/\{[^}]*\}$/, '')}?name=${encodeURIComponent(bundle.fileName)}`,
                data: counted,
                headers: { 'content-type': 'application/zip', 'content-length': bundle.bundleSize },
                request: { signal: guard.signal },
            });
            return response.data;
        }
        finally {
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
    /**
     * After a failed or cancelled upload: remove the asset of this name this run
     * left (partial or whole), and the release when this run created it and
     * nothing else is in it; say what could not be removed. `signal`: the run's,
     * or an undo's budget once the run is cancelled.
     */
    async function cleanUp(release, name, created, signal) {
        const aftermath = { cleanedUp: [], remains: [] };
        let others;
        let partial;
        /** The asset that could not be deleted; deleting the release this run created takes it along. */
        let stuck;
        try {
            const assets = await listAssets(release, signal);
            partial = assets.find((asset) => asset.name === name);
            others = assets.filter((asset) => asset.name !== name);
            if (partial) {
                await deleteAsset(partial, signal);
                aftermath.cleanedUp.push(`deleted the ${partial.state === 'uploaded' ? '' : 'partial '}asset ${name} from release ${tag}`);
            }
        }
        catch (error) {
            const what = partial
                ? `the ${partial.state === 'uploaded' ? '' : 'partial '}asset ${name} (${partial.state}, ${partial.size} bytes)`
                : `possibly a partial asset ${name}`;
            const failed = partial ? 'deleting it failed' : 'listing the assets failed';
            stuck = `${what} on release ${tag} (${release.html_url}): ${failed} (${describeGithubError(error)}); delete it there`;
        }
        if (created && others?.length === 0) {
            // GitHub deletes a release's assets with it, so this also removes an asset that would not go alone.
            const holds = stuck
                ? `, with the ${partial?.state === 'uploaded' ? '' : 'partial '}asset ${name} that could not be deleted alone`
                : '';
            try {
                await call(`Deleting release ${tag}`, (request) => octokit.rest.repos.deleteRelease({ owner, repo, release_id: release.id, request }), signal);
                aftermath.cleanedUp.push(stuck
                    ? `deleted the release ${tag} this run created${holds} (the tag stays)`
                    : `deleted the empty release ${tag} this run created (the tag stays)`);
                stuck = undefined;
            }
            catch (error) {
                aftermath.remains.push(`the ${stuck ? '' : 'empty '}release ${tag} this run created (${release.html_url}): deleting it failed (${describeGithubError(error)})`);
            }
        }
        else if (created) {
            aftermath.remains.push(`release ${tag}, created by this run (${release.html_url})`);
        }
        if (stuck)
            aftermath.remains.unshift(stuck);
        return aftermath;
    }
    function undoResult(aftermath) {
        return { cleaned: aftermath.cleanedUp.join(', ') || undefined, left: aftermath.remains.join('; ') || undefined };
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
            return await (0,_retry_js__WEBPACK_IMPORTED_MODULE_9__/* .withRetry */ .b)(async (attempt) => {
                if (attempt > 1) {
                    try {
                        await removePartial(release, bundle.fileName);
                    }
                    catch (error) {
                        if (guard.signal.aborted)
                            throw error;
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
            }, {
                ...retry,
                logger,
                what: `Uploading ${bundle.fileName} to release ${tag}`,
                retryable: (error) => !stuck && isRetryableGithubError(error),
                signal: guard.signal,
            });
        }
        catch (error) {
            // Cancelled: the undo registered by put removes what is left, with its own budget.
            if (guard.signal.aborted)
                throw error;
            const aftermath = await cleanUp(release, bundle.fileName, created);
            if (answeredStatus(error) === 422) {
                return Promise.reject(failure('asset_exists', `${(0,_github_release_settings_js__WEBPACK_IMPORTED_MODULE_6__/* .assetLabel */ .NR)(settings, bundle.fileName)} appeared while uploading (another run of the same version?) and was not replaced.`, aftermath, 'overwrite'));
            }
            const reason = explain(error, `uploading ${bundle.fileName} to release ${tag}`, (0,_public_url_js__WEBPACK_IMPORTED_MODULE_8__/* .originOf */ .yv)(release.upload_url));
            const text = reason.code === 'github_failed' ? `${describeGithubError(error)}.` : reason.message;
            return Promise.reject(failure('github_upload_failed', `Uploading ${bundle.fileName} to release ${tag} of ${repository} failed: ${text}`, aftermath, reason.input));
        }
    }
    /**
     * A stored asset that failed verify-upload is registered nowhere, so it goes
     * (with the release this run created); one that replaced an earlier asset
     * (overwrite: true) stays, as the earlier one is gone either way.
     */
    async function afterBadCopy(release, asset, created, replaced) {
        if (!replaced)
            return cleanUp(release, asset.name, created);
        return {
            cleanedUp: [],
            remains: [
                `asset ${asset.name} on release ${tag} (${release.html_url}), which replaced the earlier one (overwrite: true): upload it again or delete it`,
            ],
        };
    }
    async function verifyStored(bundle, asset, release, created, replaced) {
        await (0,_verify_stored_js__WEBPACK_IMPORTED_MODULE_10__/* .withTempFile */ .XH)(bundle.fileName, async (file) => {
            try {
                await (0,_retry_js__WEBPACK_IMPORTED_MODULE_9__/* .withRetry */ .b)(() => (0,_http_js__WEBPACK_IMPORTED_MODULE_7__/* .downloadFile */ .PE)(new URL(asset.browser_download_url), file, timeoutMs, guard.signal), {
                    ...retry,
                    logger,
                    what: `Downloading ${asset.browser_download_url} to verify it`,
                    retryable: _http_js__WEBPACK_IMPORTED_MODULE_7__/* .isRetryableHttpError */ .PL,
                    signal: guard.signal,
                });
            }
            catch (error) {
                if (guard.signal.aborted)
                    throw error;
                throw failure('public_url_unavailable', `The upload succeeded but ${asset.browser_download_url} could not be downloaded (${(0,_http_js__WEBPACK_IMPORTED_MODULE_7__/* .describeHttpError */ .g2)(error)}), so devices could not fetch it either.`, await afterBadCopy(release, asset, created, replaced));
            }
            try {
                await (0,_verify_stored_js__WEBPACK_IMPORTED_MODULE_10__/* .verifyStoredCopy */ .St)(file, bundle, { label: asset.browser_download_url }, logger);
            }
            catch (error) {
                if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ))
                    throw error;
                throw failure(error.code, error.message, await afterBadCopy(release, asset, created, replaced), error.input);
            }
        }, guard);
    }
    let planned;
    /** What put stored, by its URL, for discard. */
    const stored = new Map();
    return {
        async check(bundle) {
            planned = await inspect(bundle);
            return { key: (0,_github_release_settings_js__WEBPACK_IMPORTED_MODULE_6__/* .assetLabel */ .NR)(settings, bundle.fileName), url: (0,_github_release_settings_js__WEBPACK_IMPORTED_MODULE_6__/* .plannedAssetUrl */ .IR)(settings, bundle.fileName) };
        },
        async put(bundle) {
            const target = planned ?? (await inspect(bundle));
            planned = undefined;
            const { release, created } = target.release ? { release: target.release, created: false } : await createRelease();
            // From here on a cancel removes the asset of this run, partial or whole, and the release if this run created it.
            const dropUndo = guard.add(`the asset ${(0,_github_release_settings_js__WEBPACK_IMPORTED_MODULE_6__/* .assetLabel */ .NR)(settings, bundle.fileName)}`, async (signal) => undoResult(await cleanUp(release, bundle.fileName, created, signal)));
            try {
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
                    await verifyStored(bundle, asset, release, created, target.existing !== undefined);
                stored.set(asset.browser_download_url, { release, name: bundle.fileName, created, replaced: target.existing !== undefined });
                return { key: (0,_github_release_settings_js__WEBPACK_IMPORTED_MODULE_6__/* .assetLabel */ .NR)(settings, bundle.fileName), url: asset.browser_download_url };
            }
            finally {
                dropUndo();
            }
        },
        /** The asset of this run when nothing will refer to it; a replaced asset (overwrite: true) is gone, so this run's stays and says so. */
        async discard(object, signal) {
            const entry = stored.get(object.url);
            if (!entry)
                return { left: `${object.key} (${object.url}) stays, registered nowhere: delete it from release ${tag}` };
            if (entry.replaced) {
                return {
                    left: `${object.key} holds this run's bundle, registered nowhere (overwrite: true replaced the asset that was there; re-upload or register that one)`,
                };
            }
            const result = undoResult(await cleanUp(entry.release, entry.name, entry.created, signal));
            if (result.cleaned)
                logger.info(`Cleaned up ${object.key}: ${result.cleaned}`);
            return result;
        },
    };
}


/***/ })

};
