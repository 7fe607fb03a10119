export const id = 66;
export const ids = [66];
export const modules = {

/***/ 2066:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pkcs11Signer: () => (/* binding */ Pkcs11Signer)
/* harmony export */ });
/* unused harmony exports PIN_ENV, parseObjectList */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _process_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1082);



/**
 * The PIN travels in this variable of pkcs11-tool's own environment, named on
 * its command line as `--pin env:CAPGO_PKCS11_PIN` (OpenSC's util_get_pin):
 * never in argv, where any local user could read it from the process list.
 */
const PIN_ENV = 'CAPGO_PKCS11_PIN';
const DEFAULT_TIMEOUT_MS = 60_000;
function keyName(settings) {
    return settings.keyId
        ? { input: 'pkcs11-key-id', text: `key id ${settings.keyId}` }
        : { input: 'pkcs11-key-label', text: `key "${settings.keyLabel}"` };
}
function tokenName(settings) {
    return settings.tokenLabel ? `token "${settings.tokenLabel}"` : `slot ${settings.slot}`;
}
function redactPin(text, pin) {
    return pin ? text.split(pin).join('***') : text;
}
/** One clear line per way pkcs11-tool fails; its own message (PIN removed) otherwise. */
function failure(settings, result, what) {
    const tool = settings.tool ?? 'pkcs11-tool';
    if (result.startError) {
        if (result.startError.code === 'ENOENT') {
            return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_tool_missing', `signer pkcs11 runs OpenSC's ${tool}, which is not installed: apt-get install -y opensc (macOS: brew install opensc).`, 'signer');
        }
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_tool_failed', `signer pkcs11: ${tool} could not be started (${result.startError.code ?? result.startError.message}).`, 'signer');
    }
    if (result.timedOut) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_timeout', `signer pkcs11: ${tool} did not finish ${what} within ${(settings.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s; check that the HSM at pkcs11-module is reachable.`, 'pkcs11-module');
    }
    const stderr = redactPin(result.stderr, settings.pin);
    const key = keyName(settings);
    if (/CKR_PIN_INCORRECT/.test(stderr)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_pin_incorrect', `pkcs11-pin was refused by ${tokenName(settings)} (CKR_PIN_INCORRECT); tokens lock after a few wrong PINs, so fix the secret before running again.`, 'pkcs11-pin');
    }
    if (/CKR_PIN_LOCKED/.test(stderr))
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_pin_locked', `pkcs11-pin: the user PIN of ${tokenName(settings)} is locked (CKR_PIN_LOCKED); unlock it with the SO PIN.`, 'pkcs11-pin');
    if (/CKR_PIN_(LEN_RANGE|INVALID|EXPIRED)/.test(stderr))
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_pin_invalid', `pkcs11-pin is not a valid PIN for ${tokenName(settings)} (${/CKR_PIN_\w+/.exec(stderr)?.[0]}).`, 'pkcs11-pin');
    if (/CKR_USER_NOT_LOGGED_IN/.test(stderr))
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_login_required', `${tokenName(settings)} needs a login to use ${key.text}: set pkcs11-pin.`, 'pkcs11-pin');
    if (/No slot with token named/.test(stderr))
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_token_missing', `pkcs11-token-label: no token labelled "${settings.tokenLabel}" in ${settings.module}.`, 'pkcs11-token-label');
    if (/slot/i.test(stderr) && /not found|invalid|no slot/i.test(stderr))
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_slot_missing', `pkcs11-slot: ${settings.module} has no ${tokenName(settings)} with a token.`, settings.tokenLabel ? 'pkcs11-token-label' : 'pkcs11-slot');
    if (/Failed to load pkcs11 module|sc_dlopen|C_Initialize/.test(stderr))
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_module', `pkcs11-module: ${settings.module} cannot be loaded as a PKCS#11 library.`, 'pkcs11-module');
    if (/(object|key) not found/i.test(stderr))
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_key_missing', `${key.input}: ${tokenName(settings)} has no ${key.text}.`, key.input);
    if (/CKR_KEY_FUNCTION_NOT_PERMITTED|CKR_MECHANISM_INVALID|CKR_KEY_TYPE_INCONSISTENT/.test(stderr)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_mechanism', `${key.input}: ${key.text} may not make CKM_RSA_PKCS signatures (${/CKR_\w+/.exec(stderr)?.[0]}); it needs CKA_SIGN and the CKM_RSA_PKCS mechanism.`, key.input);
    }
    const last = stderr
        .trim()
        .split(/\r?\n/)
        .filter((line) => line && !/^Aborting/.test(line))
        .pop() ?? '';
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_failed', `signer pkcs11: ${tool} failed ${what} (exit ${result.code ?? '?'})${last ? `: ${last.slice(0, 200)}` : ''}`, 'signer');
}
/** Parses `pkcs11-tool --list-objects` blocks: "Private Key Object; RSA", then indented label/ID lines. */
function parseObjectList(text) {
    const keys = [];
    let current;
    for (const line of text.split(/\r?\n/)) {
        const head = /^Private Key Object;\s*(\S+)?/.exec(line);
        if (head) {
            current = { id: '', type: head[1] ?? 'unknown' };
            keys.push(current);
            continue;
        }
        if (!/^\s/.test(line))
            current = undefined;
        if (!current)
            continue;
        const field = /^\s+(label|ID):\s*(.*)$/.exec(line);
        if (field?.[1] === 'label')
            current.label = field[2].trim();
        if (field?.[1] === 'ID')
            current.id = field[2].trim().toLowerCase();
    }
    return keys;
}
/**
 * A key in an HSM or token, used through OpenSC's pkcs11-tool: CKM_RSA_PKCS
 * on the bytes to sign, given on stdin; the signature comes back on stdout.
 * Nothing is written to disk and the PIN is never on a command line.
 */
class Pkcs11Signer {
    settings;
    kind = 'pkcs11';
    description;
    input;
    found;
    constructor(settings) {
        this.settings = settings;
        this.input = keyName(settings).input;
        this.description = `PKCS#11 ${keyName(settings).text} on ${tokenName(settings)} (${settings.module})`;
    }
    base() {
        const token = this.settings.tokenLabel ? ['--token-label', this.settings.tokenLabel] : ['--slot', this.settings.slot ?? ''];
        return ['--module', this.settings.module, ...token];
    }
    login() {
        return this.settings.pin ? ['--login', '--pin', `env:${PIN_ENV}`] : [];
    }
    async run(args, what, input) {
        const result = await (0,_process_js__WEBPACK_IMPORTED_MODULE_2__/* .runProgram */ .m)(this.settings.tool ?? 'pkcs11-tool', args, {
            input,
            env: this.settings.pin ? { [PIN_ENV]: this.settings.pin } : {},
            timeoutMs: this.settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        });
        if (result.startError || result.timedOut || result.code !== 0)
            throw failure(this.settings, result, what);
        return result.stdout;
    }
    async listPrivateKeys() {
        return parseObjectList((await this.run([...this.base(), ...this.login(), '--list-objects', '--type', 'privkey'], 'listing keys')).toString('utf8'));
    }
    /**
     * pkcs11-tool 0.23 signs with the first key when --label matches nothing
     * (only --id selects), so the label is resolved to its CKA_ID here first.
     */
    key() {
        this.found ??= (async () => {
            const keys = await this.listPrivateKeys();
            const { input, text } = keyName(this.settings);
            const matches = this.settings.keyId
                ? keys.filter((key) => key.id === this.settings.keyId)
                : keys.filter((key) => key.label === this.settings.keyLabel);
            if (matches.length === 0) {
                const labels = keys.map((key) => key.label ?? `id ${key.id}`).slice(0, 10);
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_key_missing', `${input}: ${tokenName(this.settings)} has no private ${text}${labels.length ? ` (it holds: ${labels.join(', ')})` : ' (it holds no private key visible with this login)'}.`, input);
            }
            if (matches.length > 1)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_key_ambiguous', `${input}: ${tokenName(this.settings)} holds ${matches.length} private keys labelled "${this.settings.keyLabel}"; set pkcs11-key-id to choose one.`, 'pkcs11-key-id');
            const [key] = matches;
            if (key.type !== 'RSA')
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('key_not_rsa', `${input}: ${text} is a ${key.type} key; Capgo devices need an RSA-2048 key.`, input);
            if (!key.id)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_key_no_id', `${input}: ${text} has no CKA_ID, which pkcs11-tool needs to select it; set one (pkcs11-tool --set-id).`, input);
            return key;
        })();
        return this.found;
    }
    async publicKey() {
        const key = await this.key();
        const der = await this.run([...this.base(), ...this.login(), '--read-object', '--type', 'pubkey', '--id', key.id], 'reading the public key').catch((error) => {
            // Some HSMs keep no public key object: then public-key (or the app's config) gives it.
            if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ && error.code === 'pkcs11_key_missing')
                return undefined;
            throw error;
        });
        if (!der?.length)
            return undefined;
        try {
            return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)({ key: der, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' });
        }
        catch {
            return undefined;
        }
    }
    async sign(data) {
        const key = await this.key();
        return this.run([...this.base(), ...this.login(), '--sign', '--mechanism', 'RSA-PKCS', '--id', key.id], 'signing', data);
    }
    /**
     * `key create --pkcs11`: an RSA-2048 pair made inside the token (sensitive,
     * never extractable), labelled `settings.keyLabel`. Returns its public key.
     */
    async generate() {
        const label = this.settings.keyLabel;
        if (!label)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_key_label_missing', 'pkcs11-key-label is required to create a key in the token.', 'pkcs11-key-label');
        const existing = (await this.listPrivateKeys()).filter((key) => key.label === label || (this.settings.keyId && key.id === this.settings.keyId));
        if (existing.length) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_key_exists', `pkcs11-key-label: ${tokenName(this.settings)} already holds a key labelled "${label}" (or with that id); choose another label, or use the existing key.`, 'pkcs11-key-label');
        }
        const id = this.settings.keyId ?? (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(8).toString('hex');
        await this.run([...this.base(), ...this.login(), '--keypairgen', '--key-type', 'rsa:2048', '--label', label, '--id', id, '--usage-sign'], 'generating the key');
        this.found = Promise.resolve({ id, label, type: 'RSA' });
        const publicPem = await this.publicKey();
        if (!publicPem)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('pkcs11_public_key_missing', `signer pkcs11: the new key "${label}" has no readable public key object.`, 'pkcs11-key-label');
        return { id, publicPem };
    }
}


/***/ })

};
