import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 5283:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



/**
 * Module Dependencies
 */

var Custom = __nccwpck_require__(3836)
var uniq = __nccwpck_require__(9169)

/**
 * Use a custom error type
 */

var MultiError = Custom('MultiError')

/**
 * Export `Error`
 */

module.exports = error

/**
 * Initialize an error
 */

function error (errors) {
  if (!(this instanceof error)) return new error(errors)
  errors = Array.isArray(errors) ? errors : [ errors ]
  errors = uniq(errors, function (err) { return err.stack })
  if (errors.length === 1) return errors[0]
  var multierror = new MultiError({
    message: errors.map(function (err) { return err.message }).join('; '),
    errors: errors.reduce(function (errs, err) { return errs.concat(err.errors || err) }, []),
  })

  // lazily get/set the stack
  multierror.__defineGetter__('stack', function() {
    return errors.map(function (err) { return err.stack }).join('\n\n')
  })

  multierror.__defineSetter__('stack', function(value) {
    return [value].concat(multierror.stack).join('\n\n')
  })

  return multierror
}


/***/ }),

/***/ 2460:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



module.exports = CustomError;
CustomError.factory = __nccwpck_require__(2176);

var Err = CustomError('CustomError');
Err.order = CustomError(Err, { message: 'Arguments out of order.', code: 'EOARG' });

/**
 * Create a custom error
 * @param {string} [name] The name to give the error. Defaults to the name of it's parent.
 * @param {function} [parent] The Error or CustomError constructor to inherit from.
 * @param {object} [properties] The default properties for the custom error.
 * @param {function} [factory] A function to call to modify the custom error instance when it is instantiated.
 * @returns {function} that should be used as a constructor.
 */
function CustomError(name, parent, properties, factory) {
    var construct;
    var isRoot;

    // normalize arguments
    parent = findArg(arguments, 1, Error, isParentArg, [isPropertiesArg, isFactoryArg]);
    properties = findArg(arguments, 2, {}, isPropertiesArg, [isFactoryArg]);
    factory = findArg(arguments, 3, noop, isFactoryArg, []);
    name = findArg(arguments, 0, parent === Error ? 'Error' : parent.prototype.CustomError.name, isNameArg, [isParentArg, isPropertiesArg, isFactoryArg]);

    // if this is the root and their is no factory then use the default root factory
    isRoot = parent === Error;
    if (isRoot && factory === noop) factory = CustomError.factory.root;

    // build the constructor function
    construct = function(message, configuration) {
        var _this;
        var ar;
        var factories;
        var i;
        var item;
        var props;

        // force this function to be called with the new keyword
        if (!(this instanceof construct)) return new construct(message, configuration);

        // rename the constructor
        delete this.constructor.name;
        Object.defineProperty(this.constructor, 'name', {
            enumerable: false,
            configurable: true,
            value: name,
            writable: false
        });

        // make sure that the message is an object
        if (typeof message === 'string') message = { message: message };
        if (!message) message = {};

        // build the properties object
        ar = this.CustomError.chain.slice(0).reverse().map(function(value) { return value.properties });
        ar.push(message);
        ar.unshift({});
        props = Object.assign.apply(Object, ar);

        // build the factories caller (forcing scope to this)
        _this = this;
        factories = {};
        Object.keys(CustomError.factory).forEach(function(key) {
            factories[key] = function(props, config) {
                CustomError.factory[key].call(_this, props, config, factories);
            };
        });

        // call each factory in the chain, starting at the root
        for (i = this.CustomError.chain.length - 1; i >= 0; i--) {
            item = this.CustomError.chain[i];
            if (item.factory !== noop) {
                item.factory.call(this, props, configuration, factories);
            }
        }
    };

    // cause the function prototype to inherit from parent's prototype
    construct.prototype = Object.create(parent.prototype);
    construct.prototype.constructor = construct;

    // update error name
    construct.prototype.name = name;

    // add details about the custom error to the prototype
    construct.prototype.CustomError = {
        chain: isRoot ? [] : parent.prototype.CustomError.chain.slice(0),
        factory: factory,
        name: name,
        parent: parent,
        properties: properties
    };
    construct.prototype.CustomError.chain.unshift(construct.prototype.CustomError);

    // update the toString method on the prototype to accept a code
    construct.prototype.toString = function() {
        var result = this.CustomError.chain[this.CustomError.chain.length - 1].name;
        if (this.code) result  += ' ' + this.code;
        if (this.message) result += ': ' + this.message;
        return result;
    };

    return construct;
}




function findArg(args, index, defaultValue, filter, antiFilters) {
    var anti = -1;
    var found = -1;
    var i;
    var j;
    var len = index < args.length ? index : args.length;
    var val;

    for (i = 0; i <= len; i++) {
        val = args[i];
        if (anti === -1) {
            for (j = 0; j < antiFilters.length; j++) {
                if (antiFilters[j](val)) anti = i;
            }
        }
        if (found === -1 && filter(val)) {
            found = i;
        }
    }

    if (found !== -1 && anti !== -1 && anti < found) throw new Err.order();
    return found !== -1 ?args[found] : defaultValue;
}

function isFactoryArg(value) {
    return typeof value === 'function' && value !== Error && !value.prototype.CustomError;
}

function isNameArg(value) {
    return typeof value === 'string';
}

function isParentArg(value) {
    return typeof value === 'function' && (value === Error || value.prototype.CustomError);
}

function isPropertiesArg(value) {
    return value && typeof value === 'object';
}

function noop() {}

/***/ }),

/***/ 2176:
/***/ ((__unused_webpack_module, exports) => {



exports.expectReceive = function(properties, configuration, factory) {
    var message;
    factory.root(properties, configuration, factory);

    message = this.message;
    if (properties.hasOwnProperty('expected')) message += ' Expected ' + properties.expected + '.';
    if (properties.hasOwnProperty('received')) message += ' Received: ' + properties.received + '.';
    this.message = message;
};

exports.root = function(properties, configuration, factories) {
    var _this = this;
    var code;
    var config = { stackLength: Error.stackTraceLimit, rootOnly: true };
    var messageStr = '';
    var originalStackLength = Error.stackTraceLimit;
    var stack;

    function updateStack() {
        stack[0] = _this.toString();
        _this.stack = stack.join('\n');
    }

    // get configuration options
    if (!configuration || typeof configuration !== 'object') configuration = {};
    if (configuration.hasOwnProperty('stackLength') &&
        typeof configuration.stackLength === 'number' &&
        !isNaN(configuration.stackLength) &&
        configuration.stackLength >= 0) config.stackLength = configuration.stackLength;
    if (!configuration.hasOwnProperty('rootOnly')) config.rootOnly = configuration.rootOnly;

    // check if this should only be run as root
    if (!config.rootOnly || this.CustomError.parent === Error) {

        // copy properties onto this object
        Object.keys(properties).forEach(function(key) {
            switch(key) {
                case 'code':
                    code = properties.code || void 0;
                    break;
                case 'message':
                    messageStr = properties.message || '';
                    break;
                default:
                    _this[key] = properties[key];
            }
        });

        // generate the stack trace
        Error.stackTraceLimit = config.stackLength + 2;
        stack = (new Error()).stack.split('\n');
        stack.splice(0, 3);
        stack.unshift('');
        Error.stackTraceLimit = originalStackLength;
        this.stack = stack.join('\n');

        Object.defineProperty(this, 'code', {
            configurable: true,
            enumerable: true,
            get: function() {
                return code;
            },
            set: function(value) {
                code = value;
                updateStack();
            }
        });

        Object.defineProperty(this, 'message', {
            configurable: true,
            enumerable: true,
            get: function() {
                return messageStr;
            },
            set: function(value) {
                messageStr = value;
                updateStack();
            }
        });


        updateStack();

    }
};

/***/ }),

/***/ 3836:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {


module.exports = __nccwpck_require__(2460);


/***/ }),

/***/ 3964:
/***/ ((module) => {



module.exports = clone

var getPrototypeOf = Object.getPrototypeOf || function (obj) {
  return obj.__proto__
}

function clone (obj) {
  if (obj === null || typeof obj !== 'object')
    return obj

  if (obj instanceof Object)
    var copy = { __proto__: getPrototypeOf(obj) }
  else
    var copy = Object.create(null)

  Object.getOwnPropertyNames(obj).forEach(function (key) {
    Object.defineProperty(copy, key, Object.getOwnPropertyDescriptor(obj, key))
  })

  return copy
}


/***/ }),

/***/ 5744:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

var fs = __nccwpck_require__(9896)
var polyfills = __nccwpck_require__(3501)
var legacy = __nccwpck_require__(2270)
var clone = __nccwpck_require__(3964)

var util = __nccwpck_require__(9023)

/* istanbul ignore next - node 0.x polyfill */
var gracefulQueue
var previousSymbol

/* istanbul ignore else - node 0.x polyfill */
if (typeof Symbol === 'function' && typeof Symbol.for === 'function') {
  gracefulQueue = Symbol.for('graceful-fs.queue')
  // This is used in testing by future versions
  previousSymbol = Symbol.for('graceful-fs.previous')
} else {
  gracefulQueue = '___graceful-fs.queue'
  previousSymbol = '___graceful-fs.previous'
}

function noop () {}

function publishQueue(context, queue) {
  Object.defineProperty(context, gracefulQueue, {
    get: function() {
      return queue
    }
  })
}

var debug = noop
if (util.debuglog)
  debug = util.debuglog('gfs4')
else if (/\bgfs4\b/i.test(process.env.NODE_DEBUG || ''))
  debug = function() {
    var m = util.format.apply(util, arguments)
    m = 'GFS4: ' + m.split(/\n/).join('\nGFS4: ')
    console.error(m)
  }

// Once time initialization
if (!fs[gracefulQueue]) {
  // This queue can be shared by multiple loaded instances
  var queue = global[gracefulQueue] || []
  publishQueue(fs, queue)

  // Patch fs.close/closeSync to shared queue version, because we need
  // to retry() whenever a close happens *anywhere* in the program.
  // This is essential when multiple graceful-fs instances are
  // in play at the same time.
  fs.close = (function (fs$close) {
    function close (fd, cb) {
      return fs$close.call(fs, fd, function (err) {
        // This function uses the graceful-fs shared queue
        if (!err) {
          resetQueue()
        }

        if (typeof cb === 'function')
          cb.apply(this, arguments)
      })
    }

    Object.defineProperty(close, previousSymbol, {
      value: fs$close
    })
    return close
  })(fs.close)

  fs.closeSync = (function (fs$closeSync) {
    function closeSync (fd) {
      // This function uses the graceful-fs shared queue
      fs$closeSync.apply(fs, arguments)
      resetQueue()
    }

    Object.defineProperty(closeSync, previousSymbol, {
      value: fs$closeSync
    })
    return closeSync
  })(fs.closeSync)

  if (/\bgfs4\b/i.test(process.env.NODE_DEBUG || '')) {
    process.on('exit', function() {
      debug(fs[gracefulQueue])
      __nccwpck_require__(2613).equal(fs[gracefulQueue].length, 0)
    })
  }
}

if (!global[gracefulQueue]) {
  publishQueue(global, fs[gracefulQueue]);
}

module.exports = patch(clone(fs))
if (process.env.TEST_GRACEFUL_FS_GLOBAL_PATCH && !fs.__patched) {
    module.exports = patch(fs)
    fs.__patched = true;
}

function patch (fs) {
  // Everything that references the open() function needs to be in here
  polyfills(fs)
  fs.gracefulify = patch

  fs.createReadStream = createReadStream
  fs.createWriteStream = createWriteStream
  var fs$readFile = fs.readFile
  fs.readFile = readFile
  function readFile (path, options, cb) {
    if (typeof options === 'function')
      cb = options, options = null

    return go$readFile(path, options, cb)

    function go$readFile (path, options, cb, startTime) {
      return fs$readFile(path, options, function (err) {
        if (err && (err.code === 'EMFILE' || err.code === 'ENFILE'))
          enqueue([go$readFile, [path, options, cb], err, startTime || Date.now(), Date.now()])
        else {
          if (typeof cb === 'function')
            cb.apply(this, arguments)
        }
      })
    }
  }

  var fs$writeFile = fs.writeFile
  fs.writeFile = writeFile
  function writeFile (path, data, options, cb) {
    if (typeof options === 'function')
      cb = options, options = null

    return go$writeFile(path, data, options, cb)

    function go$writeFile (path, data, options, cb, startTime) {
      return fs$writeFile(path, data, options, function (err) {
        if (err && (err.code === 'EMFILE' || err.code === 'ENFILE'))
          enqueue([go$writeFile, [path, data, options, cb], err, startTime || Date.now(), Date.now()])
        else {
          if (typeof cb === 'function')
            cb.apply(this, arguments)
        }
      })
    }
  }

  var fs$appendFile = fs.appendFile
  if (fs$appendFile)
    fs.appendFile = appendFile
  function appendFile (path, data, options, cb) {
    if (typeof options === 'function')
      cb = options, options = null

    return go$appendFile(path, data, options, cb)

    function go$appendFile (path, data, options, cb, startTime) {
      return fs$appendFile(path, data, options, function (err) {
        if (err && (err.code === 'EMFILE' || err.code === 'ENFILE'))
          enqueue([go$appendFile, [path, data, options, cb], err, startTime || Date.now(), Date.now()])
        else {
          if (typeof cb === 'function')
            cb.apply(this, arguments)
        }
      })
    }
  }

  var fs$copyFile = fs.copyFile
  if (fs$copyFile)
    fs.copyFile = copyFile
  function copyFile (src, dest, flags, cb) {
    if (typeof flags === 'function') {
      cb = flags
      flags = 0
    }
    return go$copyFile(src, dest, flags, cb)

    function go$copyFile (src, dest, flags, cb, startTime) {
      return fs$copyFile(src, dest, flags, function (err) {
        if (err && (err.code === 'EMFILE' || err.code === 'ENFILE'))
          enqueue([go$copyFile, [src, dest, flags, cb], err, startTime || Date.now(), Date.now()])
        else {
          if (typeof cb === 'function')
            cb.apply(this, arguments)
        }
      })
    }
  }

  var fs$readdir = fs.readdir
  fs.readdir = readdir
  var noReaddirOptionVersions = /^v[0-5]\./
  function readdir (path, options, cb) {
    if (typeof options === 'function')
      cb = options, options = null

    var go$readdir = noReaddirOptionVersions.test(process.version)
      ? function go$readdir (path, options, cb, startTime) {
        return fs$readdir(path, fs$readdirCallback(
          path, options, cb, startTime
        ))
      }
      : function go$readdir (path, options, cb, startTime) {
        return fs$readdir(path, options, fs$readdirCallback(
          path, options, cb, startTime
        ))
      }

    return go$readdir(path, options, cb)

    function fs$readdirCallback (path, options, cb, startTime) {
      return function (err, files) {
        if (err && (err.code === 'EMFILE' || err.code === 'ENFILE'))
          enqueue([
            go$readdir,
            [path, options, cb],
            err,
            startTime || Date.now(),
            Date.now()
          ])
        else {
          if (files && files.sort)
            files.sort()

          if (typeof cb === 'function')
            cb.call(this, err, files)
        }
      }
    }
  }

  if (process.version.substr(0, 4) === 'v0.8') {
    var legStreams = legacy(fs)
    ReadStream = legStreams.ReadStream
    WriteStream = legStreams.WriteStream
  }

  var fs$ReadStream = fs.ReadStream
  if (fs$ReadStream) {
    ReadStream.prototype = Object.create(fs$ReadStream.prototype)
    ReadStream.prototype.open = ReadStream$open
  }

  var fs$WriteStream = fs.WriteStream
  if (fs$WriteStream) {
    WriteStream.prototype = Object.create(fs$WriteStream.prototype)
    WriteStream.prototype.open = WriteStream$open
  }

  Object.defineProperty(fs, 'ReadStream', {
    get: function () {
      return ReadStream
    },
    set: function (val) {
      ReadStream = val
    },
    enumerable: true,
    configurable: true
  })
  Object.defineProperty(fs, 'WriteStream', {
    get: function () {
      return WriteStream
    },
    set: function (val) {
      WriteStream = val
    },
    enumerable: true,
    configurable: true
  })

  // legacy names
  var FileReadStream = ReadStream
  Object.defineProperty(fs, 'FileReadStream', {
    get: function () {
      return FileReadStream
    },
    set: function (val) {
      FileReadStream = val
    },
    enumerable: true,
    configurable: true
  })
  var FileWriteStream = WriteStream
  Object.defineProperty(fs, 'FileWriteStream', {
    get: function () {
      return FileWriteStream
    },
    set: function (val) {
      FileWriteStream = val
    },
    enumerable: true,
    configurable: true
  })

  function ReadStream (path, options) {
    if (this instanceof ReadStream)
      return fs$ReadStream.apply(this, arguments), this
    else
      return ReadStream.apply(Object.create(ReadStream.prototype), arguments)
  }

  function ReadStream$open () {
    var that = this
    open(that.path, that.flags, that.mode, function (err, fd) {
      if (err) {
        if (that.autoClose)
          that.destroy()

        that.emit('error', err)
      } else {
        that.fd = fd
        that.emit('open', fd)
        that.read()
      }
    })
  }

  function WriteStream (path, options) {
    if (this instanceof WriteStream)
      return fs$WriteStream.apply(this, arguments), this
    else
      return WriteStream.apply(Object.create(WriteStream.prototype), arguments)
  }

  function WriteStream$open () {
    var that = this
    open(that.path, that.flags, that.mode, function (err, fd) {
      if (err) {
        that.destroy()
        that.emit('error', err)
      } else {
        that.fd = fd
        that.emit('open', fd)
      }
    })
  }

  function createReadStream (path, options) {
    return new fs.ReadStream(path, options)
  }

  function createWriteStream (path, options) {
    return new fs.WriteStream(path, options)
  }

  var fs$open = fs.open
  fs.open = open
  function open (path, flags, mode, cb) {
    if (typeof mode === 'function')
      cb = mode, mode = null

    return go$open(path, flags, mode, cb)

    function go$open (path, flags, mode, cb, startTime) {
      return fs$open(path, flags, mode, function (err, fd) {
        if (err && (err.code === 'EMFILE' || err.code === 'ENFILE'))
          enqueue([go$open, [path, flags, mode, cb], err, startTime || Date.now(), Date.now()])
        else {
          if (typeof cb === 'function')
            cb.apply(this, arguments)
        }
      })
    }
  }

  return fs
}

function enqueue (elem) {
  debug('ENQUEUE', elem[0].name, elem[1])
  fs[gracefulQueue].push(elem)
  retry()
}

// keep track of the timeout between retry() calls
var retryTimer

// reset the startTime and lastTime to now
// this resets the start of the 60 second overall timeout as well as the
// delay between attempts so that we'll retry these jobs sooner
function resetQueue () {
  var now = Date.now()
  for (var i = 0; i < fs[gracefulQueue].length; ++i) {
    // entries that are only a length of 2 are from an older version, don't
    // bother modifying those since they'll be retried anyway.
    if (fs[gracefulQueue][i].length > 2) {
      fs[gracefulQueue][i][3] = now // startTime
      fs[gracefulQueue][i][4] = now // lastTime
    }
  }
  // call retry to make sure we're actively processing the queue
  retry()
}

function retry () {
  // clear the timer and remove it to help prevent unintended concurrency
  clearTimeout(retryTimer)
  retryTimer = undefined

  if (fs[gracefulQueue].length === 0)
    return

  var elem = fs[gracefulQueue].shift()
  var fn = elem[0]
  var args = elem[1]
  // these items may be unset if they were added by an older graceful-fs
  var err = elem[2]
  var startTime = elem[3]
  var lastTime = elem[4]

  // if we don't have a startTime we have no way of knowing if we've waited
  // long enough, so go ahead and retry this item now
  if (startTime === undefined) {
    debug('RETRY', fn.name, args)
    fn.apply(null, args)
  } else if (Date.now() - startTime >= 60000) {
    // it's been more than 60 seconds total, bail now
    debug('TIMEOUT', fn.name, args)
    var cb = args.pop()
    if (typeof cb === 'function')
      cb.call(null, err)
  } else {
    // the amount of time between the last attempt and right now
    var sinceAttempt = Date.now() - lastTime
    // the amount of time between when we first tried, and when we last tried
    // rounded up to at least 1
    var sinceStart = Math.max(lastTime - startTime, 1)
    // backoff. wait longer than the total time we've been retrying, but only
    // up to a maximum of 100ms
    var desiredDelay = Math.min(sinceStart * 1.2, 100)
    // it's been long enough since the last retry, do it again
    if (sinceAttempt >= desiredDelay) {
      debug('RETRY', fn.name, args)
      fn.apply(null, args.concat([startTime]))
    } else {
      // if we can't do this job yet, push it to the end of the queue
      // and let the next iteration check again
      fs[gracefulQueue].push(elem)
    }
  }

  // schedule our next run if one isn't already scheduled
  if (retryTimer === undefined) {
    retryTimer = setTimeout(retry, 0)
  }
}


/***/ }),

/***/ 2270:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

var Stream = (__nccwpck_require__(2203).Stream)

module.exports = legacy

function legacy (fs) {
  return {
    ReadStream: ReadStream,
    WriteStream: WriteStream
  }

  function ReadStream (path, options) {
    if (!(this instanceof ReadStream)) return new ReadStream(path, options);

    Stream.call(this);

    var self = this;

    this.path = path;
    this.fd = null;
    this.readable = true;
    this.paused = false;

    this.flags = 'r';
    this.mode = 438; /*=0666*/
    this.bufferSize = 64 * 1024;

    options = options || {};

    // Mixin options into this
    var keys = Object.keys(options);
    for (var index = 0, length = keys.length; index < length; index++) {
      var key = keys[index];
      this[key] = options[key];
    }

    if (this.encoding) this.setEncoding(this.encoding);

    if (this.start !== undefined) {
      if ('number' !== typeof this.start) {
        throw TypeError('start must be a Number');
      }
      if (this.end === undefined) {
        this.end = Infinity;
      } else if ('number' !== typeof this.end) {
        throw TypeError('end must be a Number');
      }

      if (this.start > this.end) {
        throw new Error('start must be <= end');
      }

      this.pos = this.start;
    }

    if (this.fd !== null) {
      process.nextTick(function() {
        self._read();
      });
      return;
    }

    fs.open(this.path, this.flags, this.mode, function (err, fd) {
      if (err) {
        self.emit('error', err);
        self.readable = false;
        return;
      }

      self.fd = fd;
      self.emit('open', fd);
      self._read();
    })
  }

  function WriteStream (path, options) {
    if (!(this instanceof WriteStream)) return new WriteStream(path, options);

    Stream.call(this);

    this.path = path;
    this.fd = null;
    this.writable = true;

    this.flags = 'w';
    this.encoding = 'binary';
    this.mode = 438; /*=0666*/
    this.bytesWritten = 0;

    options = options || {};

    // Mixin options into this
    var keys = Object.keys(options);
    for (var index = 0, length = keys.length; index < length; index++) {
      var key = keys[index];
      this[key] = options[key];
    }

    if (this.start !== undefined) {
      if ('number' !== typeof this.start) {
        throw TypeError('start must be a Number');
      }
      if (this.start < 0) {
        throw new Error('start must be >= zero');
      }

      this.pos = this.start;
    }

    this.busy = false;
    this._queue = [];

    if (this.fd === null) {
      this._open = fs.open;
      this._queue.push([this._open, this.path, this.flags, this.mode, undefined]);
      this.flush();
    }
  }
}


/***/ }),

/***/ 3501:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

var constants = __nccwpck_require__(9140)

var origCwd = process.cwd
var cwd = null

var platform = process.env.GRACEFUL_FS_PLATFORM || process.platform

process.cwd = function() {
  if (!cwd)
    cwd = origCwd.call(process)
  return cwd
}
try {
  process.cwd()
} catch (er) {}

// This check is needed until node.js 12 is required
if (typeof process.chdir === 'function') {
  var chdir = process.chdir
  process.chdir = function (d) {
    cwd = null
    chdir.call(process, d)
  }
  if (Object.setPrototypeOf) Object.setPrototypeOf(process.chdir, chdir)
}

module.exports = patch

function patch (fs) {
  // (re-)implement some things that are known busted or missing.

  // lchmod, broken prior to 0.6.2
  // back-port the fix here.
  if (constants.hasOwnProperty('O_SYMLINK') &&
      process.version.match(/^v0\.6\.[0-2]|^v0\.5\./)) {
    patchLchmod(fs)
  }

  // lutimes implementation, or no-op
  if (!fs.lutimes) {
    patchLutimes(fs)
  }

  // https://github.com/isaacs/node-graceful-fs/issues/4
  // Chown should not fail on einval or eperm if non-root.
  // It should not fail on enosys ever, as this just indicates
  // that a fs doesn't support the intended operation.

  fs.chown = chownFix(fs.chown)
  fs.fchown = chownFix(fs.fchown)
  fs.lchown = chownFix(fs.lchown)

  fs.chmod = chmodFix(fs.chmod)
  fs.fchmod = chmodFix(fs.fchmod)
  fs.lchmod = chmodFix(fs.lchmod)

  fs.chownSync = chownFixSync(fs.chownSync)
  fs.fchownSync = chownFixSync(fs.fchownSync)
  fs.lchownSync = chownFixSync(fs.lchownSync)

  fs.chmodSync = chmodFixSync(fs.chmodSync)
  fs.fchmodSync = chmodFixSync(fs.fchmodSync)
  fs.lchmodSync = chmodFixSync(fs.lchmodSync)

  fs.stat = statFix(fs.stat)
  fs.fstat = statFix(fs.fstat)
  fs.lstat = statFix(fs.lstat)

  fs.statSync = statFixSync(fs.statSync)
  fs.fstatSync = statFixSync(fs.fstatSync)
  fs.lstatSync = statFixSync(fs.lstatSync)

  // if lchmod/lchown do not exist, then make them no-ops
  if (fs.chmod && !fs.lchmod) {
    fs.lchmod = function (path, mode, cb) {
      if (cb) process.nextTick(cb)
    }
    fs.lchmodSync = function () {}
  }
  if (fs.chown && !fs.lchown) {
    fs.lchown = function (path, uid, gid, cb) {
      if (cb) process.nextTick(cb)
    }
    fs.lchownSync = function () {}
  }

  // on Windows, A/V software can lock the directory, causing this
  // to fail with an EACCES or EPERM if the directory contains newly
  // created files.  Try again on failure, for up to 60 seconds.

  // Set the timeout this long because some Windows Anti-Virus, such as Parity
  // bit9, may lock files for up to a minute, causing npm package install
  // failures. Also, take care to yield the scheduler. Windows scheduling gives
  // CPU to a busy looping process, which can cause the program causing the lock
  // contention to be starved of CPU by node, so the contention doesn't resolve.
  if (platform === "win32") {
    fs.rename = typeof fs.rename !== 'function' ? fs.rename
    : (function (fs$rename) {
      function rename (from, to, cb) {
        var start = Date.now()
        var backoff = 0;
        fs$rename(from, to, function CB (er) {
          if (er
              && (er.code === "EACCES" || er.code === "EPERM" || er.code === "EBUSY")
              && Date.now() - start < 60000) {
            setTimeout(function() {
              fs.stat(to, function (stater, st) {
                if (stater && stater.code === "ENOENT")
                  fs$rename(from, to, CB);
                else
                  cb(er)
              })
            }, backoff)
            if (backoff < 100)
              backoff += 10;
            return;
          }
          if (cb) cb(er)
        })
      }
      if (Object.setPrototypeOf) Object.setPrototypeOf(rename, fs$rename)
      return rename
    })(fs.rename)
  }

  // if read() returns EAGAIN, then just try it again.
  fs.read = typeof fs.read !== 'function' ? fs.read
  : (function (fs$read) {
    function read (fd, buffer, offset, length, position, callback_) {
      var callback
      if (callback_ && typeof callback_ === 'function') {
        var eagCounter = 0
        callback = function (er, _, __) {
          if (er && er.code === 'EAGAIN' && eagCounter < 10) {
            eagCounter ++
            return fs$read.call(fs, fd, buffer, offset, length, position, callback)
          }
          callback_.apply(this, arguments)
        }
      }
      return fs$read.call(fs, fd, buffer, offset, length, position, callback)
    }

    // This ensures `util.promisify` works as it does for native `fs.read`.
    if (Object.setPrototypeOf) Object.setPrototypeOf(read, fs$read)
    return read
  })(fs.read)

  fs.readSync = typeof fs.readSync !== 'function' ? fs.readSync
  : (function (fs$readSync) { return function (fd, buffer, offset, length, position) {
    var eagCounter = 0
    while (true) {
      try {
        return fs$readSync.call(fs, fd, buffer, offset, length, position)
      } catch (er) {
        if (er.code === 'EAGAIN' && eagCounter < 10) {
          eagCounter ++
          continue
        }
        throw er
      }
    }
  }})(fs.readSync)

  function patchLchmod (fs) {
    fs.lchmod = function (path, mode, callback) {
      fs.open( path
             , constants.O_WRONLY | constants.O_SYMLINK
             , mode
             , function (err, fd) {
        if (err) {
          if (callback) callback(err)
          return
        }
        // prefer to return the chmod error, if one occurs,
        // but still try to close, and report closing errors if they occur.
        fs.fchmod(fd, mode, function (err) {
          fs.close(fd, function(err2) {
            if (callback) callback(err || err2)
          })
        })
      })
    }

    fs.lchmodSync = function (path, mode) {
      var fd = fs.openSync(path, constants.O_WRONLY | constants.O_SYMLINK, mode)

      // prefer to return the chmod error, if one occurs,
      // but still try to close, and report closing errors if they occur.
      var threw = true
      var ret
      try {
        ret = fs.fchmodSync(fd, mode)
        threw = false
      } finally {
        if (threw) {
          try {
            fs.closeSync(fd)
          } catch (er) {}
        } else {
          fs.closeSync(fd)
        }
      }
      return ret
    }
  }

  function patchLutimes (fs) {
    if (constants.hasOwnProperty("O_SYMLINK") && fs.futimes) {
      fs.lutimes = function (path, at, mt, cb) {
        fs.open(path, constants.O_SYMLINK, function (er, fd) {
          if (er) {
            if (cb) cb(er)
            return
          }
          fs.futimes(fd, at, mt, function (er) {
            fs.close(fd, function (er2) {
              if (cb) cb(er || er2)
            })
          })
        })
      }

      fs.lutimesSync = function (path, at, mt) {
        var fd = fs.openSync(path, constants.O_SYMLINK)
        var ret
        var threw = true
        try {
          ret = fs.futimesSync(fd, at, mt)
          threw = false
        } finally {
          if (threw) {
            try {
              fs.closeSync(fd)
            } catch (er) {}
          } else {
            fs.closeSync(fd)
          }
        }
        return ret
      }

    } else if (fs.futimes) {
      fs.lutimes = function (_a, _b, _c, cb) { if (cb) process.nextTick(cb) }
      fs.lutimesSync = function () {}
    }
  }

  function chmodFix (orig) {
    if (!orig) return orig
    return function (target, mode, cb) {
      return orig.call(fs, target, mode, function (er) {
        if (chownErOk(er)) er = null
        if (cb) cb.apply(this, arguments)
      })
    }
  }

  function chmodFixSync (orig) {
    if (!orig) return orig
    return function (target, mode) {
      try {
        return orig.call(fs, target, mode)
      } catch (er) {
        if (!chownErOk(er)) throw er
      }
    }
  }


  function chownFix (orig) {
    if (!orig) return orig
    return function (target, uid, gid, cb) {
      return orig.call(fs, target, uid, gid, function (er) {
        if (chownErOk(er)) er = null
        if (cb) cb.apply(this, arguments)
      })
    }
  }

  function chownFixSync (orig) {
    if (!orig) return orig
    return function (target, uid, gid) {
      try {
        return orig.call(fs, target, uid, gid)
      } catch (er) {
        if (!chownErOk(er)) throw er
      }
    }
  }

  function statFix (orig) {
    if (!orig) return orig
    // Older versions of Node erroneously returned signed integers for
    // uid + gid.
    return function (target, options, cb) {
      if (typeof options === 'function') {
        cb = options
        options = null
      }
      function callback (er, stats) {
        if (stats) {
          if (stats.uid < 0) stats.uid += 0x100000000
          if (stats.gid < 0) stats.gid += 0x100000000
        }
        if (cb) cb.apply(this, arguments)
      }
      return options ? orig.call(fs, target, options, callback)
        : orig.call(fs, target, callback)
    }
  }

  function statFixSync (orig) {
    if (!orig) return orig
    // Older versions of Node erroneously returned signed integers for
    // uid + gid.
    return function (target, options) {
      var stats = options ? orig.call(fs, target, options)
        : orig.call(fs, target)
      if (stats) {
        if (stats.uid < 0) stats.uid += 0x100000000
        if (stats.gid < 0) stats.gid += 0x100000000
      }
      return stats;
    }
  }

  // ENOSYS means that the fs doesn't support the op. Just ignore
  // that, because it doesn't matter.
  //
  // if there's no getuid, or if getuid() is something other
  // than 0, and the error is EINVAL or EPERM, then just ignore
  // it.
  //
  // This specific case is a silent failure in cp, install, tar,
  // and most other unix tools that manage permissions.
  //
  // When running as root, or if other types of errors are
  // encountered, then it's strict.
  function chownErOk (er) {
    if (!er)
      return true

    if (er.code === "ENOSYS")
      return true

    var nonroot = !process.getuid || process.getuid() !== 0
    if (nonroot) {
      if (er.code === "EINVAL" || er.code === "EPERM")
        return true
    }

    return false
  }
}


/***/ }),

/***/ 5810:
/***/ (function(__unused_webpack_module, exports) {

//
// THIS FILE IS AUTOMATICALLY GENERATED! DO NOT EDIT BY HAND!
//
(function (global, factory) {
   true ? factory(exports) :
  0;
})(this, (function (exports) { 'use strict';

  /**
   *  base64.ts
   *
   *  Licensed under the BSD 3-Clause License.
   *    http://opensource.org/licenses/BSD-3-Clause
   *
   *  References:
   *    http://en.wikipedia.org/wiki/Base64
   *
   * @author Dan Kogai (https://github.com/dankogai)
   */
  var version = '3.9.7';
  /**
   * @deprecated use lowercase `version`.
   */
  var VERSION = version;
  var _TD = typeof TextDecoder === 'function' ? new TextDecoder('utf-8', { ignoreBOM: true }) : undefined;
  var _TE = typeof TextEncoder === 'function' ? new TextEncoder() : undefined;
  var b64ch = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
  var b64chs = Array.prototype.slice.call(b64ch);
  var b64tab = (function (a) {
      var tab = {};
      a.forEach(function (c, i) { return tab[c] = i; });
      return tab;
  })(b64chs);
  var b64re = /^(?:[A-Za-z\d+\/]{4})*?(?:[A-Za-z\d+\/]{2}(?:==)?|[A-Za-z\d+\/]{3}=?)?$/;
  var _fromCC = String.fromCharCode.bind(String);
  var _mkUriSafe = function (src) { return src
      .replace(/=/g, '').replace(/[+\/]/g, function (m0) { return m0 == '+' ? '-' : '_'; }); };
  var _tidyB64 = function (s) { return s.replace(/[^A-Za-z0-9\+\/]/g, ''); };
  /**
   * polyfill version of `btoa`
   */
  var btoaPolyfill = function (bin) {
      // console.log('polyfilled');
      var u32, c0, c1, c2, asc = '';
      var pad = bin.length % 3;
      for (var i = 0; i < bin.length;) {
          if ((c0 = bin.charCodeAt(i++)) > 255 ||
              (c1 = bin.charCodeAt(i++)) > 255 ||
              (c2 = bin.charCodeAt(i++)) > 255)
              throw new TypeError('invalid character found');
          u32 = (c0 << 16) | (c1 << 8) | c2;
          asc += b64chs[u32 >> 18 & 63]
              + b64chs[u32 >> 12 & 63]
              + b64chs[u32 >> 6 & 63]
              + b64chs[u32 & 63];
      }
      return pad ? asc.slice(0, pad - 3) + "===".substring(pad) : asc;
  };
  /**
   * does what `window.btoa` of web browsers do.
   * @param {String} bin binary string
   * @returns {string} Base64-encoded string
   */
  var _btoa = typeof btoa === 'function' ? function (bin) { return btoa(bin); }
      : btoaPolyfill;
  var _fromUint8Array = typeof Uint8Array.prototype.toBase64 === 'function' ? Function.prototype.call.bind(Uint8Array.prototype.toBase64)
      : function (u8a) {
          // cf. https://stackoverflow.com/questions/12710001/how-to-convert-uint8-array-to-base64-encoded-string/12713326#12713326
          var maxargs = 0x1000;
          var strs = [];
          for (var i = 0, l = u8a.length; i < l; i += maxargs) {
              strs.push(_fromCC.apply(null, u8a.subarray(i, i + maxargs)));
          }
          return _btoa(strs.join(''));
      };
  /**
   * converts a Uint8Array to a Base64 string.
   * @param {boolean} [urlsafe] URL-and-filename-safe a la RFC4648 §5
   * @returns {string} Base64 string
   */
  var fromUint8Array = function (u8a, urlsafe) {
      if (urlsafe === void 0) { urlsafe = false; }
      return urlsafe ? _mkUriSafe(_fromUint8Array(u8a)) : _fromUint8Array(u8a);
  };
  // This trick is found broken https://github.com/dankogai/js-base64/issues/130
  // const utob = (src: string) => unescape(encodeURIComponent(src));
  // reverting good old fationed regexp
  var cb_utob = function (c) {
      if (c.length < 2) {
          var cc = c.charCodeAt(0);
          return cc < 0x80 ? c
              : cc < 0x800 ? (_fromCC(0xc0 | (cc >>> 6))
                  + _fromCC(0x80 | (cc & 0x3f)))
                  : (_fromCC(0xe0 | ((cc >>> 12) & 0x0f))
                      + _fromCC(0x80 | ((cc >>> 6) & 0x3f))
                      + _fromCC(0x80 | (cc & 0x3f)));
      }
      else {
          var cc = 0x10000
              + (c.charCodeAt(0) - 0xD800) * 0x400
              + (c.charCodeAt(1) - 0xDC00);
          return (_fromCC(0xf0 | ((cc >>> 18) & 0x07))
              + _fromCC(0x80 | ((cc >>> 12) & 0x3f))
              + _fromCC(0x80 | ((cc >>> 6) & 0x3f))
              + _fromCC(0x80 | (cc & 0x3f)));
      }
  };
  var re_utob = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[^\x00-\x7F]/g;
  /**
   * @deprecated should have been internal use only.
   * @param {string} src UTF-8 string
   * @returns {string} UTF-16 string
   */
  var utob = function (u) { return u.replace(re_utob, cb_utob); };
  //
  var _encode = _TE
      ? function (s) { return _fromUint8Array(_TE.encode(s)); }
      : function (s) { return _btoa(utob(s)); };
  /**
   * converts a UTF-8-encoded string to a Base64 string.
   * @param {boolean} [urlsafe] if `true` make the result URL-safe
   * @returns {string} Base64 string
   */
  var encode = function (src, urlsafe) {
      if (urlsafe === void 0) { urlsafe = false; }
      return urlsafe
          ? _mkUriSafe(_encode(src))
          : _encode(src);
  };
  /**
   * converts a UTF-8-encoded string to URL-safe Base64 RFC4648 §5.
   * @returns {string} Base64 string
   */
  var encodeURI = function (src) { return encode(src, true); };
  // This trick is found broken https://github.com/dankogai/js-base64/issues/130
  // const btou = (src: string) => decodeURIComponent(escape(src));
  // reverting good old fationed regexp
  var re_btou = /[\xC0-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}|[\xF0-\xF7][\x80-\xBF]{3}/g;
  var cb_btou = function (cccc) {
      switch (cccc.length) {
          case 4:
              var cp = ((0x07 & cccc.charCodeAt(0)) << 18)
                  | ((0x3f & cccc.charCodeAt(1)) << 12)
                  | ((0x3f & cccc.charCodeAt(2)) << 6)
                  | (0x3f & cccc.charCodeAt(3)), offset = cp - 0x10000;
              return (_fromCC((offset >>> 10) + 0xD800)
                  + _fromCC((offset & 0x3FF) + 0xDC00));
          case 3:
              return _fromCC(((0x0f & cccc.charCodeAt(0)) << 12)
                  | ((0x3f & cccc.charCodeAt(1)) << 6)
                  | (0x3f & cccc.charCodeAt(2)));
          default:
              return _fromCC(((0x1f & cccc.charCodeAt(0)) << 6)
                  | (0x3f & cccc.charCodeAt(1)));
      }
  };
  /**
   * @deprecated should have been internal use only.
   * @param {string} src UTF-16 string
   * @returns {string} UTF-8 string
   */
  var btou = function (b) { return b.replace(re_btou, cb_btou); };
  /**
   * polyfill version of `atob`
   */
  var atobPolyfill = function (asc) {
      // console.log('polyfilled');
      asc = asc.replace(/\s+/g, '');
      if (!b64re.test(asc))
          throw new TypeError('malformed base64.');
      asc += '=='.slice(2 - (asc.length & 3));
      var u24, r1, r2;
      var binArray = []; // use array to avoid minor gc in loop
      for (var i = 0; i < asc.length;) {
          u24 = b64tab[asc.charAt(i++)] << 18
              | b64tab[asc.charAt(i++)] << 12
              | (r1 = b64tab[asc.charAt(i++)]) << 6
              | (r2 = b64tab[asc.charAt(i++)]);
          if (r1 === 64) {
              binArray.push(_fromCC(u24 >> 16 & 255));
          }
          else if (r2 === 64) {
              binArray.push(_fromCC(u24 >> 16 & 255, u24 >> 8 & 255));
          }
          else {
              binArray.push(_fromCC(u24 >> 16 & 255, u24 >> 8 & 255, u24 & 255));
          }
      }
      return binArray.join('');
  };
  /**
   * does what `window.atob` of web browsers do.
   * @param {String} asc Base64-encoded string
   * @returns {string} binary string
   */
  var _atob = typeof atob === 'function' ? function (asc) { return atob(_tidyB64(asc)); }
      : atobPolyfill;
  //
  var _toUint8Array = typeof Uint8Array.fromBase64 === 'function'
      ? function (a) { return Uint8Array.fromBase64(a); } : function (a) {
      var bin = _atob(a), l = bin.length, u8a = new Uint8Array(l);
      for (var i = 0; i < l; i++)
          u8a[i] = bin.charCodeAt(i);
      return u8a;
  };
  /**
   * converts a Base64 string to a Uint8Array.
   */
  var toUint8Array = function (a) { return _toUint8Array(_unURI(a)); };
  //
  var _decode = _TD
      ? function (a) { return _TD.decode(_toUint8Array(a)); }
      : function (a) { return btou(_atob(a)); };
  var _unURI = function (a) {
      return _tidyB64(a.replace(/[-_]/g, function (m0) { return m0 == '-' ? '+' : '/'; }));
  };
  /**
   * converts a Base64 string to a UTF-8 string.
   * @param {String} src Base64 string.  Both normal and URL-safe are supported
   * @returns {string} UTF-8 string
   */
  var decode = function (src) { return _decode(_unURI(src)); };
  /**
   * check if a value is a valid Base64 string
   * @param {String} src a value to check
    */
  var isValid = function (src) {
      if (typeof src !== 'string')
          return false;
      var s = src.replace(/\s+/g, '').replace(/={0,2}$/, '');
      // a data length of 4n+1 cannot encode a whole number of bytes (#197)
      if (s.length % 4 === 1)
          return false;
      return !/[^\s0-9a-zA-Z\+/]/.test(s) || !/[^\s0-9a-zA-Z\-_]/.test(s);
  };
  //
  var _noEnum = function (v) {
      return {
          value: v, enumerable: false, writable: true, configurable: true
      };
  };
  /**
   * extend String.prototype with relevant methods
   */
  var extendString = function () {
      var _add = function (name, body) { return Object.defineProperty(String.prototype, name, _noEnum(body)); };
      _add('fromBase64', function () { return decode(this); });
      _add('toBase64', function (urlsafe) { return encode(this, urlsafe); });
      _add('toBase64URI', function () { return encode(this, true); });
      _add('toBase64URL', function () { return encode(this, true); });
      _add('toUint8Array', function () { return toUint8Array(this); });
  };
  /**
   * extend Uint8Array.prototype with relevant methods
   */
  var extendUint8Array = function () {
      var _add = function (name, body) { return Object.defineProperty(Uint8Array.prototype, name, _noEnum(body)); };
      _add('toBase64', function (urlsafe) { return fromUint8Array(this, urlsafe); });
      _add('toBase64URI', function () { return fromUint8Array(this, true); });
      _add('toBase64URL', function () { return fromUint8Array(this, true); });
  };
  /**
   * extend Builtin prototypes with relevant methods
   */
  var extendBuiltins = function () {
      extendString();
      extendUint8Array();
  };
  var gBase64 = {
      version: version,
      VERSION: VERSION,
      atob: _atob,
      atobPolyfill: atobPolyfill,
      btoa: _btoa,
      btoaPolyfill: btoaPolyfill,
      fromBase64: decode,
      toBase64: encode,
      encode: encode,
      encodeURI: encodeURI,
      encodeURL: encodeURI,
      utob: utob,
      btou: btou,
      decode: decode,
      isValid: isValid,
      fromUint8Array: fromUint8Array,
      toUint8Array: toUint8Array,
      extendString: extendString,
      extendUint8Array: extendUint8Array,
      extendBuiltins: extendBuiltins
  };

  exports.Base64 = gBase64;
  exports.VERSION = VERSION;
  exports.atob = _atob;
  exports.atobPolyfill = atobPolyfill;
  exports.btoa = _btoa;
  exports.btoaPolyfill = btoaPolyfill;
  exports.btou = btou;
  exports.decode = decode;
  exports.encode = encode;
  exports.encodeURI = encodeURI;
  exports.encodeURL = encodeURI;
  exports.extendBuiltins = extendBuiltins;
  exports.extendString = extendString;
  exports.extendUint8Array = extendUint8Array;
  exports.fromBase64 = decode;
  exports.fromUint8Array = fromUint8Array;
  exports.isValid = isValid;
  exports.toBase64 = encode;
  exports.toUint8Array = toUint8Array;
  exports.utob = utob;
  exports.version = version;

}));


/***/ }),

/***/ 3130:
/***/ (function(module, exports, __nccwpck_require__) {

/* module decorator */ module = __nccwpck_require__.nmd(module);
/**
 * lodash (Custom Build) <https://lodash.com/>
 * Build: `lodash modularize exports="npm" -o ./`
 * Copyright jQuery Foundation and other contributors <https://jquery.org/>
 * Released under MIT license <https://lodash.com/license>
 * Based on Underscore.js 1.8.3 <http://underscorejs.org/LICENSE>
 * Copyright Jeremy Ashkenas, DocumentCloud and Investigative Reporters & Editors
 */
var stringToPath = __nccwpck_require__(3725);

/** Used as the size to enable large array optimizations. */
var LARGE_ARRAY_SIZE = 200;

/** Used to stand-in for `undefined` hash values. */
var HASH_UNDEFINED = '__lodash_hash_undefined__';

/** Used to compose bitmasks for comparison styles. */
var UNORDERED_COMPARE_FLAG = 1,
    PARTIAL_COMPARE_FLAG = 2;

/** Used as references for various `Number` constants. */
var INFINITY = 1 / 0,
    MAX_SAFE_INTEGER = 9007199254740991;

/** `Object#toString` result references. */
var argsTag = '[object Arguments]',
    arrayTag = '[object Array]',
    boolTag = '[object Boolean]',
    dateTag = '[object Date]',
    errorTag = '[object Error]',
    funcTag = '[object Function]',
    genTag = '[object GeneratorFunction]',
    mapTag = '[object Map]',
    numberTag = '[object Number]',
    objectTag = '[object Object]',
    promiseTag = '[object Promise]',
    regexpTag = '[object RegExp]',
    setTag = '[object Set]',
    stringTag = '[object String]',
    symbolTag = '[object Symbol]',
    weakMapTag = '[object WeakMap]';

var arrayBufferTag = '[object ArrayBuffer]',
    dataViewTag = '[object DataView]',
    float32Tag = '[object Float32Array]',
    float64Tag = '[object Float64Array]',
    int8Tag = '[object Int8Array]',
    int16Tag = '[object Int16Array]',
    int32Tag = '[object Int32Array]',
    uint8Tag = '[object Uint8Array]',
    uint8ClampedTag = '[object Uint8ClampedArray]',
    uint16Tag = '[object Uint16Array]',
    uint32Tag = '[object Uint32Array]';

/** Used to match property names within property paths. */
var reIsDeepProp = /\.|\[(?:[^[\]]*|(["'])(?:(?!\1)[^\\]|\\.)*?\1)\]/,
    reIsPlainProp = /^\w*$/;

/**
 * Used to match `RegExp`
 * [syntax characters](http://ecma-international.org/ecma-262/6.0/#sec-patterns).
 */
var reRegExpChar = /[\\^$.*+?()[\]{}|]/g;

/** Used to detect host constructors (Safari). */
var reIsHostCtor = /^\[object .+?Constructor\]$/;

/** Used to detect unsigned integer values. */
var reIsUint = /^(?:0|[1-9]\d*)$/;

/** Used to identify `toStringTag` values of typed arrays. */
var typedArrayTags = {};
typedArrayTags[float32Tag] = typedArrayTags[float64Tag] =
typedArrayTags[int8Tag] = typedArrayTags[int16Tag] =
typedArrayTags[int32Tag] = typedArrayTags[uint8Tag] =
typedArrayTags[uint8ClampedTag] = typedArrayTags[uint16Tag] =
typedArrayTags[uint32Tag] = true;
typedArrayTags[argsTag] = typedArrayTags[arrayTag] =
typedArrayTags[arrayBufferTag] = typedArrayTags[boolTag] =
typedArrayTags[dataViewTag] = typedArrayTags[dateTag] =
typedArrayTags[errorTag] = typedArrayTags[funcTag] =
typedArrayTags[mapTag] = typedArrayTags[numberTag] =
typedArrayTags[objectTag] = typedArrayTags[regexpTag] =
typedArrayTags[setTag] = typedArrayTags[stringTag] =
typedArrayTags[weakMapTag] = false;

/** Used to determine if values are of the language type `Object`. */
var objectTypes = {
  'function': true,
  'object': true
};

/** Detect free variable `exports`. */
var freeExports = (objectTypes[typeof exports] && exports && !exports.nodeType)
  ? exports
  : undefined;

/** Detect free variable `module`. */
var freeModule = (objectTypes["object"] && module && !module.nodeType)
  ? module
  : undefined;

/** Detect free variable `global` from Node.js. */
var freeGlobal = checkGlobal(freeExports && freeModule && typeof global == 'object' && global);

/** Detect free variable `self`. */
var freeSelf = checkGlobal(objectTypes[typeof self] && self);

/** Detect free variable `window`. */
var freeWindow = checkGlobal(objectTypes[typeof window] && window);

/** Detect `this` as the global object. */
var thisGlobal = checkGlobal(objectTypes[typeof this] && this);

/**
 * Used as a reference to the global object.
 *
 * The `this` value is used if it's the global object to avoid Greasemonkey's
 * restricted `window` object, otherwise the `window` object is used.
 */
var root = freeGlobal ||
  ((freeWindow !== (thisGlobal && thisGlobal.window)) && freeWindow) ||
    freeSelf || thisGlobal || Function('return this')();

/**
 * A specialized version of `_.map` for arrays without support for iteratee
 * shorthands.
 *
 * @private
 * @param {Array} array The array to iterate over.
 * @param {Function} iteratee The function invoked per iteration.
 * @returns {Array} Returns the new mapped array.
 */
function arrayMap(array, iteratee) {
  var index = -1,
      length = array.length,
      result = Array(length);

  while (++index < length) {
    result[index] = iteratee(array[index], index, array);
  }
  return result;
}

/**
 * A specialized version of `_.some` for arrays without support for iteratee
 * shorthands.
 *
 * @private
 * @param {Array} array The array to iterate over.
 * @param {Function} predicate The function invoked per iteration.
 * @returns {boolean} Returns `true` if any element passes the predicate check,
 *  else `false`.
 */
function arraySome(array, predicate) {
  var index = -1,
      length = array.length;

  while (++index < length) {
    if (predicate(array[index], index, array)) {
      return true;
    }
  }
  return false;
}

/**
 * The base implementation of `_.times` without support for iteratee shorthands
 * or max array length checks.
 *
 * @private
 * @param {number} n The number of times to invoke `iteratee`.
 * @param {Function} iteratee The function invoked per iteration.
 * @returns {Array} Returns the array of results.
 */
function baseTimes(n, iteratee) {
  var index = -1,
      result = Array(n);

  while (++index < n) {
    result[index] = iteratee(index);
  }
  return result;
}

/**
 * The base implementation of `_.toPairs` and `_.toPairsIn` which creates an array
 * of key-value pairs for `object` corresponding to the property names of `props`.
 *
 * @private
 * @param {Object} object The object to query.
 * @param {Array} props The property names to get values for.
 * @returns {Object} Returns the key-value pairs.
 */
function baseToPairs(object, props) {
  return arrayMap(props, function(key) {
    return [key, object[key]];
  });
}

/**
 * Checks if `value` is a global object.
 *
 * @private
 * @param {*} value The value to check.
 * @returns {null|Object} Returns `value` if it's a global object, else `null`.
 */
function checkGlobal(value) {
  return (value && value.Object === Object) ? value : null;
}

/**
 * Checks if `value` is a host object in IE < 9.
 *
 * @private
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is a host object, else `false`.
 */
function isHostObject(value) {
  // Many host objects are `Object` objects that can coerce to strings
  // despite having improperly defined `toString` methods.
  var result = false;
  if (value != null && typeof value.toString != 'function') {
    try {
      result = !!(value + '');
    } catch (e) {}
  }
  return result;
}

/**
 * Converts `map` to its key-value pairs.
 *
 * @private
 * @param {Object} map The map to convert.
 * @returns {Array} Returns the key-value pairs.
 */
function mapToArray(map) {
  var index = -1,
      result = Array(map.size);

  map.forEach(function(value, key) {
    result[++index] = [key, value];
  });
  return result;
}

/**
 * Converts `set` to an array of its values.
 *
 * @private
 * @param {Object} set The set to convert.
 * @returns {Array} Returns the values.
 */
function setToArray(set) {
  var index = -1,
      result = Array(set.size);

  set.forEach(function(value) {
    result[++index] = value;
  });
  return result;
}

/**
 * Converts `set` to its value-value pairs.
 *
 * @private
 * @param {Object} set The set to convert.
 * @returns {Array} Returns the value-value pairs.
 */
function setToPairs(set) {
  var index = -1,
      result = Array(set.size);

  set.forEach(function(value) {
    result[++index] = [value, value];
  });
  return result;
}

/** Used for built-in method references. */
var arrayProto = Array.prototype,
    objectProto = Object.prototype;

/** Used to resolve the decompiled source of functions. */
var funcToString = Function.prototype.toString;

/** Used to check objects for own properties. */
var hasOwnProperty = objectProto.hasOwnProperty;

/**
 * Used to resolve the
 * [`toStringTag`](http://ecma-international.org/ecma-262/6.0/#sec-object.prototype.tostring)
 * of values.
 */
var objectToString = objectProto.toString;

/** Used to detect if a method is native. */
var reIsNative = RegExp('^' +
  funcToString.call(hasOwnProperty).replace(reRegExpChar, '\\$&')
  .replace(/hasOwnProperty|(function).*?(?=\\\()| for .+?(?=\\\])/g, '$1.*?') + '$'
);

/** Built-in value references. */
var Symbol = root.Symbol,
    Uint8Array = root.Uint8Array,
    propertyIsEnumerable = objectProto.propertyIsEnumerable,
    splice = arrayProto.splice;

/* Built-in method references for those with the same name as other `lodash` methods. */
var nativeGetPrototype = Object.getPrototypeOf,
    nativeKeys = Object.keys;

/* Built-in method references that are verified to be native. */
var DataView = getNative(root, 'DataView'),
    Map = getNative(root, 'Map'),
    Promise = getNative(root, 'Promise'),
    Set = getNative(root, 'Set'),
    WeakMap = getNative(root, 'WeakMap'),
    nativeCreate = getNative(Object, 'create');

/** Used to detect maps, sets, and weakmaps. */
var dataViewCtorString = toSource(DataView),
    mapCtorString = toSource(Map),
    promiseCtorString = toSource(Promise),
    setCtorString = toSource(Set),
    weakMapCtorString = toSource(WeakMap);

/** Used to convert symbols to primitives and strings. */
var symbolProto = Symbol ? Symbol.prototype : undefined,
    symbolValueOf = symbolProto ? symbolProto.valueOf : undefined;

/**
 * Creates a hash object.
 *
 * @private
 * @constructor
 * @param {Array} [entries] The key-value pairs to cache.
 */
function Hash(entries) {
  var index = -1,
      length = entries ? entries.length : 0;

  this.clear();
  while (++index < length) {
    var entry = entries[index];
    this.set(entry[0], entry[1]);
  }
}

/**
 * Removes all key-value entries from the hash.
 *
 * @private
 * @name clear
 * @memberOf Hash
 */
function hashClear() {
  this.__data__ = nativeCreate ? nativeCreate(null) : {};
}

/**
 * Removes `key` and its value from the hash.
 *
 * @private
 * @name delete
 * @memberOf Hash
 * @param {Object} hash The hash to modify.
 * @param {string} key The key of the value to remove.
 * @returns {boolean} Returns `true` if the entry was removed, else `false`.
 */
function hashDelete(key) {
  return this.has(key) && delete this.__data__[key];
}

/**
 * Gets the hash value for `key`.
 *
 * @private
 * @name get
 * @memberOf Hash
 * @param {string} key The key of the value to get.
 * @returns {*} Returns the entry value.
 */
function hashGet(key) {
  var data = this.__data__;
  if (nativeCreate) {
    var result = data[key];
    return result === HASH_UNDEFINED ? undefined : result;
  }
  return hasOwnProperty.call(data, key) ? data[key] : undefined;
}

/**
 * Checks if a hash value for `key` exists.
 *
 * @private
 * @name has
 * @memberOf Hash
 * @param {string} key The key of the entry to check.
 * @returns {boolean} Returns `true` if an entry for `key` exists, else `false`.
 */
function hashHas(key) {
  var data = this.__data__;
  return nativeCreate ? data[key] !== undefined : hasOwnProperty.call(data, key);
}

/**
 * Sets the hash `key` to `value`.
 *
 * @private
 * @name set
 * @memberOf Hash
 * @param {string} key The key of the value to set.
 * @param {*} value The value to set.
 * @returns {Object} Returns the hash instance.
 */
function hashSet(key, value) {
  var data = this.__data__;
  data[key] = (nativeCreate && value === undefined) ? HASH_UNDEFINED : value;
  return this;
}

// Add methods to `Hash`.
Hash.prototype.clear = hashClear;
Hash.prototype['delete'] = hashDelete;
Hash.prototype.get = hashGet;
Hash.prototype.has = hashHas;
Hash.prototype.set = hashSet;

/**
 * Creates an list cache object.
 *
 * @private
 * @constructor
 * @param {Array} [entries] The key-value pairs to cache.
 */
function ListCache(entries) {
  var index = -1,
      length = entries ? entries.length : 0;

  this.clear();
  while (++index < length) {
    var entry = entries[index];
    this.set(entry[0], entry[1]);
  }
}

/**
 * Removes all key-value entries from the list cache.
 *
 * @private
 * @name clear
 * @memberOf ListCache
 */
function listCacheClear() {
  this.__data__ = [];
}

/**
 * Removes `key` and its value from the list cache.
 *
 * @private
 * @name delete
 * @memberOf ListCache
 * @param {string} key The key of the value to remove.
 * @returns {boolean} Returns `true` if the entry was removed, else `false`.
 */
function listCacheDelete(key) {
  var data = this.__data__,
      index = assocIndexOf(data, key);

  if (index < 0) {
    return false;
  }
  var lastIndex = data.length - 1;
  if (index == lastIndex) {
    data.pop();
  } else {
    splice.call(data, index, 1);
  }
  return true;
}

/**
 * Gets the list cache value for `key`.
 *
 * @private
 * @name get
 * @memberOf ListCache
 * @param {string} key The key of the value to get.
 * @returns {*} Returns the entry value.
 */
function listCacheGet(key) {
  var data = this.__data__,
      index = assocIndexOf(data, key);

  return index < 0 ? undefined : data[index][1];
}

/**
 * Checks if a list cache value for `key` exists.
 *
 * @private
 * @name has
 * @memberOf ListCache
 * @param {string} key The key of the entry to check.
 * @returns {boolean} Returns `true` if an entry for `key` exists, else `false`.
 */
function listCacheHas(key) {
  return assocIndexOf(this.__data__, key) > -1;
}

/**
 * Sets the list cache `key` to `value`.
 *
 * @private
 * @name set
 * @memberOf ListCache
 * @param {string} key The key of the value to set.
 * @param {*} value The value to set.
 * @returns {Object} Returns the list cache instance.
 */
function listCacheSet(key, value) {
  var data = this.__data__,
      index = assocIndexOf(data, key);

  if (index < 0) {
    data.push([key, value]);
  } else {
    data[index][1] = value;
  }
  return this;
}

// Add methods to `ListCache`.
ListCache.prototype.clear = listCacheClear;
ListCache.prototype['delete'] = listCacheDelete;
ListCache.prototype.get = listCacheGet;
ListCache.prototype.has = listCacheHas;
ListCache.prototype.set = listCacheSet;

/**
 * Creates a map cache object to store key-value pairs.
 *
 * @private
 * @constructor
 * @param {Array} [entries] The key-value pairs to cache.
 */
function MapCache(entries) {
  var index = -1,
      length = entries ? entries.length : 0;

  this.clear();
  while (++index < length) {
    var entry = entries[index];
    this.set(entry[0], entry[1]);
  }
}

/**
 * Removes all key-value entries from the map.
 *
 * @private
 * @name clear
 * @memberOf MapCache
 */
function mapCacheClear() {
  this.__data__ = {
    'hash': new Hash,
    'map': new (Map || ListCache),
    'string': new Hash
  };
}

/**
 * Removes `key` and its value from the map.
 *
 * @private
 * @name delete
 * @memberOf MapCache
 * @param {string} key The key of the value to remove.
 * @returns {boolean} Returns `true` if the entry was removed, else `false`.
 */
function mapCacheDelete(key) {
  return getMapData(this, key)['delete'](key);
}

/**
 * Gets the map value for `key`.
 *
 * @private
 * @name get
 * @memberOf MapCache
 * @param {string} key The key of the value to get.
 * @returns {*} Returns the entry value.
 */
function mapCacheGet(key) {
  return getMapData(this, key).get(key);
}

/**
 * Checks if a map value for `key` exists.
 *
 * @private
 * @name has
 * @memberOf MapCache
 * @param {string} key The key of the entry to check.
 * @returns {boolean} Returns `true` if an entry for `key` exists, else `false`.
 */
function mapCacheHas(key) {
  return getMapData(this, key).has(key);
}

/**
 * Sets the map `key` to `value`.
 *
 * @private
 * @name set
 * @memberOf MapCache
 * @param {string} key The key of the value to set.
 * @param {*} value The value to set.
 * @returns {Object} Returns the map cache instance.
 */
function mapCacheSet(key, value) {
  getMapData(this, key).set(key, value);
  return this;
}

// Add methods to `MapCache`.
MapCache.prototype.clear = mapCacheClear;
MapCache.prototype['delete'] = mapCacheDelete;
MapCache.prototype.get = mapCacheGet;
MapCache.prototype.has = mapCacheHas;
MapCache.prototype.set = mapCacheSet;

/**
 *
 * Creates an array cache object to store unique values.
 *
 * @private
 * @constructor
 * @param {Array} [values] The values to cache.
 */
function SetCache(values) {
  var index = -1,
      length = values ? values.length : 0;

  this.__data__ = new MapCache;
  while (++index < length) {
    this.add(values[index]);
  }
}

/**
 * Adds `value` to the array cache.
 *
 * @private
 * @name add
 * @memberOf SetCache
 * @alias push
 * @param {*} value The value to cache.
 * @returns {Object} Returns the cache instance.
 */
function setCacheAdd(value) {
  this.__data__.set(value, HASH_UNDEFINED);
  return this;
}

/**
 * Checks if `value` is in the array cache.
 *
 * @private
 * @name has
 * @memberOf SetCache
 * @param {*} value The value to search for.
 * @returns {number} Returns `true` if `value` is found, else `false`.
 */
function setCacheHas(value) {
  return this.__data__.has(value);
}

// Add methods to `SetCache`.
SetCache.prototype.add = SetCache.prototype.push = setCacheAdd;
SetCache.prototype.has = setCacheHas;

/**
 * Creates a stack cache object to store key-value pairs.
 *
 * @private
 * @constructor
 * @param {Array} [entries] The key-value pairs to cache.
 */
function Stack(entries) {
  this.__data__ = new ListCache(entries);
}

/**
 * Removes all key-value entries from the stack.
 *
 * @private
 * @name clear
 * @memberOf Stack
 */
function stackClear() {
  this.__data__ = new ListCache;
}

/**
 * Removes `key` and its value from the stack.
 *
 * @private
 * @name delete
 * @memberOf Stack
 * @param {string} key The key of the value to remove.
 * @returns {boolean} Returns `true` if the entry was removed, else `false`.
 */
function stackDelete(key) {
  return this.__data__['delete'](key);
}

/**
 * Gets the stack value for `key`.
 *
 * @private
 * @name get
 * @memberOf Stack
 * @param {string} key The key of the value to get.
 * @returns {*} Returns the entry value.
 */
function stackGet(key) {
  return this.__data__.get(key);
}

/**
 * Checks if a stack value for `key` exists.
 *
 * @private
 * @name has
 * @memberOf Stack
 * @param {string} key The key of the entry to check.
 * @returns {boolean} Returns `true` if an entry for `key` exists, else `false`.
 */
function stackHas(key) {
  return this.__data__.has(key);
}

/**
 * Sets the stack `key` to `value`.
 *
 * @private
 * @name set
 * @memberOf Stack
 * @param {string} key The key of the value to set.
 * @param {*} value The value to set.
 * @returns {Object} Returns the stack cache instance.
 */
function stackSet(key, value) {
  var cache = this.__data__;
  if (cache instanceof ListCache && cache.__data__.length == LARGE_ARRAY_SIZE) {
    cache = this.__data__ = new MapCache(cache.__data__);
  }
  cache.set(key, value);
  return this;
}

// Add methods to `Stack`.
Stack.prototype.clear = stackClear;
Stack.prototype['delete'] = stackDelete;
Stack.prototype.get = stackGet;
Stack.prototype.has = stackHas;
Stack.prototype.set = stackSet;

/**
 * Gets the index at which the `key` is found in `array` of key-value pairs.
 *
 * @private
 * @param {Array} array The array to search.
 * @param {*} key The key to search for.
 * @returns {number} Returns the index of the matched value, else `-1`.
 */
function assocIndexOf(array, key) {
  var length = array.length;
  while (length--) {
    if (eq(array[length][0], key)) {
      return length;
    }
  }
  return -1;
}

/**
 * The base implementation of `_.get` without support for default values.
 *
 * @private
 * @param {Object} object The object to query.
 * @param {Array|string} path The path of the property to get.
 * @returns {*} Returns the resolved value.
 */
function baseGet(object, path) {
  path = isKey(path, object) ? [path] : castPath(path);

  var index = 0,
      length = path.length;

  while (object != null && index < length) {
    object = object[toKey(path[index++])];
  }
  return (index && index == length) ? object : undefined;
}

/**
 * The base implementation of `_.has` without support for deep paths.
 *
 * @private
 * @param {Object} object The object to query.
 * @param {Array|string} key The key to check.
 * @returns {boolean} Returns `true` if `key` exists, else `false`.
 */
function baseHas(object, key) {
  // Avoid a bug in IE 10-11 where objects with a [[Prototype]] of `null`,
  // that are composed entirely of index properties, return `false` for
  // `hasOwnProperty` checks of them.
  return hasOwnProperty.call(object, key) ||
    (typeof object == 'object' && key in object && getPrototype(object) === null);
}

/**
 * The base implementation of `_.hasIn` without support for deep paths.
 *
 * @private
 * @param {Object} object The object to query.
 * @param {Array|string} key The key to check.
 * @returns {boolean} Returns `true` if `key` exists, else `false`.
 */
function baseHasIn(object, key) {
  return key in Object(object);
}

/**
 * The base implementation of `_.isEqual` which supports partial comparisons
 * and tracks traversed objects.
 *
 * @private
 * @param {*} value The value to compare.
 * @param {*} other The other value to compare.
 * @param {Function} [customizer] The function to customize comparisons.
 * @param {boolean} [bitmask] The bitmask of comparison flags.
 *  The bitmask may be composed of the following flags:
 *     1 - Unordered comparison
 *     2 - Partial comparison
 * @param {Object} [stack] Tracks traversed `value` and `other` objects.
 * @returns {boolean} Returns `true` if the values are equivalent, else `false`.
 */
function baseIsEqual(value, other, customizer, bitmask, stack) {
  if (value === other) {
    return true;
  }
  if (value == null || other == null || (!isObject(value) && !isObjectLike(other))) {
    return value !== value && other !== other;
  }
  return baseIsEqualDeep(value, other, baseIsEqual, customizer, bitmask, stack);
}

/**
 * A specialized version of `baseIsEqual` for arrays and objects which performs
 * deep comparisons and tracks traversed objects enabling objects with circular
 * references to be compared.
 *
 * @private
 * @param {Object} object The object to compare.
 * @param {Object} other The other object to compare.
 * @param {Function} equalFunc The function to determine equivalents of values.
 * @param {Function} [customizer] The function to customize comparisons.
 * @param {number} [bitmask] The bitmask of comparison flags. See `baseIsEqual`
 *  for more details.
 * @param {Object} [stack] Tracks traversed `object` and `other` objects.
 * @returns {boolean} Returns `true` if the objects are equivalent, else `false`.
 */
function baseIsEqualDeep(object, other, equalFunc, customizer, bitmask, stack) {
  var objIsArr = isArray(object),
      othIsArr = isArray(other),
      objTag = arrayTag,
      othTag = arrayTag;

  if (!objIsArr) {
    objTag = getTag(object);
    objTag = objTag == argsTag ? objectTag : objTag;
  }
  if (!othIsArr) {
    othTag = getTag(other);
    othTag = othTag == argsTag ? objectTag : othTag;
  }
  var objIsObj = objTag == objectTag && !isHostObject(object),
      othIsObj = othTag == objectTag && !isHostObject(other),
      isSameTag = objTag == othTag;

  if (isSameTag && !objIsObj) {
    stack || (stack = new Stack);
    return (objIsArr || isTypedArray(object))
      ? equalArrays(object, other, equalFunc, customizer, bitmask, stack)
      : equalByTag(object, other, objTag, equalFunc, customizer, bitmask, stack);
  }
  if (!(bitmask & PARTIAL_COMPARE_FLAG)) {
    var objIsWrapped = objIsObj && hasOwnProperty.call(object, '__wrapped__'),
        othIsWrapped = othIsObj && hasOwnProperty.call(other, '__wrapped__');

    if (objIsWrapped || othIsWrapped) {
      var objUnwrapped = objIsWrapped ? object.value() : object,
          othUnwrapped = othIsWrapped ? other.value() : other;

      stack || (stack = new Stack);
      return equalFunc(objUnwrapped, othUnwrapped, customizer, bitmask, stack);
    }
  }
  if (!isSameTag) {
    return false;
  }
  stack || (stack = new Stack);
  return equalObjects(object, other, equalFunc, customizer, bitmask, stack);
}

/**
 * The base implementation of `_.isMatch` without support for iteratee shorthands.
 *
 * @private
 * @param {Object} object The object to inspect.
 * @param {Object} source The object of property values to match.
 * @param {Array} matchData The property names, values, and compare flags to match.
 * @param {Function} [customizer] The function to customize comparisons.
 * @returns {boolean} Returns `true` if `object` is a match, else `false`.
 */
function baseIsMatch(object, source, matchData, customizer) {
  var index = matchData.length,
      length = index,
      noCustomizer = !customizer;

  if (object == null) {
    return !length;
  }
  object = Object(object);
  while (index--) {
    var data = matchData[index];
    if ((noCustomizer && data[2])
          ? data[1] !== object[data[0]]
          : !(data[0] in object)
        ) {
      return false;
    }
  }
  while (++index < length) {
    data = matchData[index];
    var key = data[0],
        objValue = object[key],
        srcValue = data[1];

    if (noCustomizer && data[2]) {
      if (objValue === undefined && !(key in object)) {
        return false;
      }
    } else {
      var stack = new Stack;
      if (customizer) {
        var result = customizer(objValue, srcValue, key, object, source, stack);
      }
      if (!(result === undefined
            ? baseIsEqual(srcValue, objValue, customizer, UNORDERED_COMPARE_FLAG | PARTIAL_COMPARE_FLAG, stack)
            : result
          )) {
        return false;
      }
    }
  }
  return true;
}

/**
 * The base implementation of `_.iteratee`.
 *
 * @private
 * @param {*} [value=_.identity] The value to convert to an iteratee.
 * @returns {Function} Returns the iteratee.
 */
function baseIteratee(value) {
  // Don't store the `typeof` result in a variable to avoid a JIT bug in Safari 9.
  // See https://bugs.webkit.org/show_bug.cgi?id=156034 for more details.
  if (typeof value == 'function') {
    return value;
  }
  if (value == null) {
    return identity;
  }
  if (typeof value == 'object') {
    return isArray(value)
      ? baseMatchesProperty(value[0], value[1])
      : baseMatches(value);
  }
  return property(value);
}

/**
 * The base implementation of `_.keys` which doesn't skip the constructor
 * property of prototypes or treat sparse arrays as dense.
 *
 * @private
 * @param {Object} object The object to query.
 * @returns {Array} Returns the array of property names.
 */
function baseKeys(object) {
  return nativeKeys(Object(object));
}

/**
 * The base implementation of `_.matches` which doesn't clone `source`.
 *
 * @private
 * @param {Object} source The object of property values to match.
 * @returns {Function} Returns the new spec function.
 */
function baseMatches(source) {
  var matchData = getMatchData(source);
  if (matchData.length == 1 && matchData[0][2]) {
    return matchesStrictComparable(matchData[0][0], matchData[0][1]);
  }
  return function(object) {
    return object === source || baseIsMatch(object, source, matchData);
  };
}

/**
 * The base implementation of `_.matchesProperty` which doesn't clone `srcValue`.
 *
 * @private
 * @param {string} path The path of the property to get.
 * @param {*} srcValue The value to match.
 * @returns {Function} Returns the new spec function.
 */
function baseMatchesProperty(path, srcValue) {
  if (isKey(path) && isStrictComparable(srcValue)) {
    return matchesStrictComparable(toKey(path), srcValue);
  }
  return function(object) {
    var objValue = get(object, path);
    return (objValue === undefined && objValue === srcValue)
      ? hasIn(object, path)
      : baseIsEqual(srcValue, objValue, undefined, UNORDERED_COMPARE_FLAG | PARTIAL_COMPARE_FLAG);
  };
}

/**
 * The base implementation of `_.property` without support for deep paths.
 *
 * @private
 * @param {string} key The key of the property to get.
 * @returns {Function} Returns the new accessor function.
 */
function baseProperty(key) {
  return function(object) {
    return object == null ? undefined : object[key];
  };
}

/**
 * A specialized version of `baseProperty` which supports deep paths.
 *
 * @private
 * @param {Array|string} path The path of the property to get.
 * @returns {Function} Returns the new accessor function.
 */
function basePropertyDeep(path) {
  return function(object) {
    return baseGet(object, path);
  };
}

/**
 * Casts `value` to a path array if it's not one.
 *
 * @private
 * @param {*} value The value to inspect.
 * @returns {Array} Returns the cast property path array.
 */
function castPath(value) {
  return isArray(value) ? value : stringToPath(value);
}

/**
 * Creates a `_.toPairs` or `_.toPairsIn` function.
 *
 * @private
 * @param {Function} keysFunc The function to get the keys of a given object.
 * @returns {Function} Returns the new pairs function.
 */
function createToPairs(keysFunc) {
  return function(object) {
    var tag = getTag(object);
    if (tag == mapTag) {
      return mapToArray(object);
    }
    if (tag == setTag) {
      return setToPairs(object);
    }
    return baseToPairs(object, keysFunc(object));
  };
}

/**
 * A specialized version of `baseIsEqualDeep` for arrays with support for
 * partial deep comparisons.
 *
 * @private
 * @param {Array} array The array to compare.
 * @param {Array} other The other array to compare.
 * @param {Function} equalFunc The function to determine equivalents of values.
 * @param {Function} customizer The function to customize comparisons.
 * @param {number} bitmask The bitmask of comparison flags. See `baseIsEqual`
 *  for more details.
 * @param {Object} stack Tracks traversed `array` and `other` objects.
 * @returns {boolean} Returns `true` if the arrays are equivalent, else `false`.
 */
function equalArrays(array, other, equalFunc, customizer, bitmask, stack) {
  var isPartial = bitmask & PARTIAL_COMPARE_FLAG,
      arrLength = array.length,
      othLength = other.length;

  if (arrLength != othLength && !(isPartial && othLength > arrLength)) {
    return false;
  }
  // Assume cyclic values are equal.
  var stacked = stack.get(array);
  if (stacked) {
    return stacked == other;
  }
  var index = -1,
      result = true,
      seen = (bitmask & UNORDERED_COMPARE_FLAG) ? new SetCache : undefined;

  stack.set(array, other);

  // Ignore non-index properties.
  while (++index < arrLength) {
    var arrValue = array[index],
        othValue = other[index];

    if (customizer) {
      var compared = isPartial
        ? customizer(othValue, arrValue, index, other, array, stack)
        : customizer(arrValue, othValue, index, array, other, stack);
    }
    if (compared !== undefined) {
      if (compared) {
        continue;
      }
      result = false;
      break;
    }
    // Recursively compare arrays (susceptible to call stack limits).
    if (seen) {
      if (!arraySome(other, function(othValue, othIndex) {
            if (!seen.has(othIndex) &&
                (arrValue === othValue || equalFunc(arrValue, othValue, customizer, bitmask, stack))) {
              return seen.add(othIndex);
            }
          })) {
        result = false;
        break;
      }
    } else if (!(
          arrValue === othValue ||
            equalFunc(arrValue, othValue, customizer, bitmask, stack)
        )) {
      result = false;
      break;
    }
  }
  stack['delete'](array);
  return result;
}

/**
 * A specialized version of `baseIsEqualDeep` for comparing objects of
 * the same `toStringTag`.
 *
 * **Note:** This function only supports comparing values with tags of
 * `Boolean`, `Date`, `Error`, `Number`, `RegExp`, or `String`.
 *
 * @private
 * @param {Object} object The object to compare.
 * @param {Object} other The other object to compare.
 * @param {string} tag The `toStringTag` of the objects to compare.
 * @param {Function} equalFunc The function to determine equivalents of values.
 * @param {Function} customizer The function to customize comparisons.
 * @param {number} bitmask The bitmask of comparison flags. See `baseIsEqual`
 *  for more details.
 * @param {Object} stack Tracks traversed `object` and `other` objects.
 * @returns {boolean} Returns `true` if the objects are equivalent, else `false`.
 */
function equalByTag(object, other, tag, equalFunc, customizer, bitmask, stack) {
  switch (tag) {
    case dataViewTag:
      if ((object.byteLength != other.byteLength) ||
          (object.byteOffset != other.byteOffset)) {
        return false;
      }
      object = object.buffer;
      other = other.buffer;

    case arrayBufferTag:
      if ((object.byteLength != other.byteLength) ||
          !equalFunc(new Uint8Array(object), new Uint8Array(other))) {
        return false;
      }
      return true;

    case boolTag:
    case dateTag:
      // Coerce dates and booleans to numbers, dates to milliseconds and
      // booleans to `1` or `0` treating invalid dates coerced to `NaN` as
      // not equal.
      return +object == +other;

    case errorTag:
      return object.name == other.name && object.message == other.message;

    case numberTag:
      // Treat `NaN` vs. `NaN` as equal.
      return (object != +object) ? other != +other : object == +other;

    case regexpTag:
    case stringTag:
      // Coerce regexes to strings and treat strings, primitives and objects,
      // as equal. See http://www.ecma-international.org/ecma-262/6.0/#sec-regexp.prototype.tostring
      // for more details.
      return object == (other + '');

    case mapTag:
      var convert = mapToArray;

    case setTag:
      var isPartial = bitmask & PARTIAL_COMPARE_FLAG;
      convert || (convert = setToArray);

      if (object.size != other.size && !isPartial) {
        return false;
      }
      // Assume cyclic values are equal.
      var stacked = stack.get(object);
      if (stacked) {
        return stacked == other;
      }
      bitmask |= UNORDERED_COMPARE_FLAG;
      stack.set(object, other);

      // Recursively compare objects (susceptible to call stack limits).
      return equalArrays(convert(object), convert(other), equalFunc, customizer, bitmask, stack);

    case symbolTag:
      if (symbolValueOf) {
        return symbolValueOf.call(object) == symbolValueOf.call(other);
      }
  }
  return false;
}

/**
 * A specialized version of `baseIsEqualDeep` for objects with support for
 * partial deep comparisons.
 *
 * @private
 * @param {Object} object The object to compare.
 * @param {Object} other The other object to compare.
 * @param {Function} equalFunc The function to determine equivalents of values.
 * @param {Function} customizer The function to customize comparisons.
 * @param {number} bitmask The bitmask of comparison flags. See `baseIsEqual`
 *  for more details.
 * @param {Object} stack Tracks traversed `object` and `other` objects.
 * @returns {boolean} Returns `true` if the objects are equivalent, else `false`.
 */
function equalObjects(object, other, equalFunc, customizer, bitmask, stack) {
  var isPartial = bitmask & PARTIAL_COMPARE_FLAG,
      objProps = keys(object),
      objLength = objProps.length,
      othProps = keys(other),
      othLength = othProps.length;

  if (objLength != othLength && !isPartial) {
    return false;
  }
  var index = objLength;
  while (index--) {
    var key = objProps[index];
    if (!(isPartial ? key in other : baseHas(other, key))) {
      return false;
    }
  }
  // Assume cyclic values are equal.
  var stacked = stack.get(object);
  if (stacked) {
    return stacked == other;
  }
  var result = true;
  stack.set(object, other);

  var skipCtor = isPartial;
  while (++index < objLength) {
    key = objProps[index];
    var objValue = object[key],
        othValue = other[key];

    if (customizer) {
      var compared = isPartial
        ? customizer(othValue, objValue, key, other, object, stack)
        : customizer(objValue, othValue, key, object, other, stack);
    }
    // Recursively compare objects (susceptible to call stack limits).
    if (!(compared === undefined
          ? (objValue === othValue || equalFunc(objValue, othValue, customizer, bitmask, stack))
          : compared
        )) {
      result = false;
      break;
    }
    skipCtor || (skipCtor = key == 'constructor');
  }
  if (result && !skipCtor) {
    var objCtor = object.constructor,
        othCtor = other.constructor;

    // Non `Object` object instances with different constructors are not equal.
    if (objCtor != othCtor &&
        ('constructor' in object && 'constructor' in other) &&
        !(typeof objCtor == 'function' && objCtor instanceof objCtor &&
          typeof othCtor == 'function' && othCtor instanceof othCtor)) {
      result = false;
    }
  }
  stack['delete'](object);
  return result;
}

/**
 * Gets the "length" property value of `object`.
 *
 * **Note:** This function is used to avoid a
 * [JIT bug](https://bugs.webkit.org/show_bug.cgi?id=142792) that affects
 * Safari on at least iOS 8.1-8.3 ARM64.
 *
 * @private
 * @param {Object} object The object to query.
 * @returns {*} Returns the "length" value.
 */
var getLength = baseProperty('length');

/**
 * Gets the data for `map`.
 *
 * @private
 * @param {Object} map The map to query.
 * @param {string} key The reference key.
 * @returns {*} Returns the map data.
 */
function getMapData(map, key) {
  var data = map.__data__;
  return isKeyable(key)
    ? data[typeof key == 'string' ? 'string' : 'hash']
    : data.map;
}

/**
 * Gets the property names, values, and compare flags of `object`.
 *
 * @private
 * @param {Object} object The object to query.
 * @returns {Array} Returns the match data of `object`.
 */
function getMatchData(object) {
  var result = toPairs(object),
      length = result.length;

  while (length--) {
    result[length][2] = isStrictComparable(result[length][1]);
  }
  return result;
}

/**
 * Gets the native function at `key` of `object`.
 *
 * @private
 * @param {Object} object The object to query.
 * @param {string} key The key of the method to get.
 * @returns {*} Returns the function if it's native, else `undefined`.
 */
function getNative(object, key) {
  var value = object[key];
  return isNative(value) ? value : undefined;
}

/**
 * Gets the `[[Prototype]]` of `value`.
 *
 * @private
 * @param {*} value The value to query.
 * @returns {null|Object} Returns the `[[Prototype]]`.
 */
function getPrototype(value) {
  return nativeGetPrototype(Object(value));
}

/**
 * Gets the `toStringTag` of `value`.
 *
 * @private
 * @param {*} value The value to query.
 * @returns {string} Returns the `toStringTag`.
 */
function getTag(value) {
  return objectToString.call(value);
}

// Fallback for data views, maps, sets, and weak maps in IE 11,
// for data views in Edge, and promises in Node.js.
if ((DataView && getTag(new DataView(new ArrayBuffer(1))) != dataViewTag) ||
    (Map && getTag(new Map) != mapTag) ||
    (Promise && getTag(Promise.resolve()) != promiseTag) ||
    (Set && getTag(new Set) != setTag) ||
    (WeakMap && getTag(new WeakMap) != weakMapTag)) {
  getTag = function(value) {
    var result = objectToString.call(value),
        Ctor = result == objectTag ? value.constructor : undefined,
        ctorString = Ctor ? toSource(Ctor) : undefined;

    if (ctorString) {
      switch (ctorString) {
        case dataViewCtorString: return dataViewTag;
        case mapCtorString: return mapTag;
        case promiseCtorString: return promiseTag;
        case setCtorString: return setTag;
        case weakMapCtorString: return weakMapTag;
      }
    }
    return result;
  };
}

/**
 * Checks if `path` exists on `object`.
 *
 * @private
 * @param {Object} object The object to query.
 * @param {Array|string} path The path to check.
 * @param {Function} hasFunc The function to check properties.
 * @returns {boolean} Returns `true` if `path` exists, else `false`.
 */
function hasPath(object, path, hasFunc) {
  path = isKey(path, object) ? [path] : castPath(path);

  var result,
      index = -1,
      length = path.length;

  while (++index < length) {
    var key = toKey(path[index]);
    if (!(result = object != null && hasFunc(object, key))) {
      break;
    }
    object = object[key];
  }
  if (result) {
    return result;
  }
  var length = object ? object.length : 0;
  return !!length && isLength(length) && isIndex(key, length) &&
    (isArray(object) || isString(object) || isArguments(object));
}

/**
 * Creates an array of index keys for `object` values of arrays,
 * `arguments` objects, and strings, otherwise `null` is returned.
 *
 * @private
 * @param {Object} object The object to query.
 * @returns {Array|null} Returns index keys, else `null`.
 */
function indexKeys(object) {
  var length = object ? object.length : undefined;
  if (isLength(length) &&
      (isArray(object) || isString(object) || isArguments(object))) {
    return baseTimes(length, String);
  }
  return null;
}

/**
 * Checks if `value` is a valid array-like index.
 *
 * @private
 * @param {*} value The value to check.
 * @param {number} [length=MAX_SAFE_INTEGER] The upper bounds of a valid index.
 * @returns {boolean} Returns `true` if `value` is a valid index, else `false`.
 */
function isIndex(value, length) {
  length = length == null ? MAX_SAFE_INTEGER : length;
  return !!length &&
    (typeof value == 'number' || reIsUint.test(value)) &&
    (value > -1 && value % 1 == 0 && value < length);
}

/**
 * Checks if `value` is a property name and not a property path.
 *
 * @private
 * @param {*} value The value to check.
 * @param {Object} [object] The object to query keys on.
 * @returns {boolean} Returns `true` if `value` is a property name, else `false`.
 */
function isKey(value, object) {
  if (isArray(value)) {
    return false;
  }
  var type = typeof value;
  if (type == 'number' || type == 'symbol' || type == 'boolean' ||
      value == null || isSymbol(value)) {
    return true;
  }
  return reIsPlainProp.test(value) || !reIsDeepProp.test(value) ||
    (object != null && value in Object(object));
}

/**
 * Checks if `value` is suitable for use as unique object key.
 *
 * @private
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is suitable, else `false`.
 */
function isKeyable(value) {
  var type = typeof value;
  return (type == 'string' || type == 'number' || type == 'symbol' || type == 'boolean')
    ? (value !== '__proto__')
    : (value === null);
}

/**
 * Checks if `value` is likely a prototype object.
 *
 * @private
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is a prototype, else `false`.
 */
function isPrototype(value) {
  var Ctor = value && value.constructor,
      proto = (typeof Ctor == 'function' && Ctor.prototype) || objectProto;

  return value === proto;
}

/**
 * Checks if `value` is suitable for strict equality comparisons, i.e. `===`.
 *
 * @private
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` if suitable for strict
 *  equality comparisons, else `false`.
 */
function isStrictComparable(value) {
  return value === value && !isObject(value);
}

/**
 * A specialized version of `matchesProperty` for source values suitable
 * for strict equality comparisons, i.e. `===`.
 *
 * @private
 * @param {string} key The key of the property to get.
 * @param {*} srcValue The value to match.
 * @returns {Function} Returns the new spec function.
 */
function matchesStrictComparable(key, srcValue) {
  return function(object) {
    if (object == null) {
      return false;
    }
    return object[key] === srcValue &&
      (srcValue !== undefined || (key in Object(object)));
  };
}

/**
 * Converts `value` to a string key if it's not a string or symbol.
 *
 * @private
 * @param {*} value The value to inspect.
 * @returns {string|symbol} Returns the key.
 */
function toKey(value) {
  if (typeof value == 'string' || isSymbol(value)) {
    return value;
  }
  var result = (value + '');
  return (result == '0' && (1 / value) == -INFINITY) ? '-0' : result;
}

/**
 * Converts `func` to its source code.
 *
 * @private
 * @param {Function} func The function to process.
 * @returns {string} Returns the source code.
 */
function toSource(func) {
  if (func != null) {
    try {
      return funcToString.call(func);
    } catch (e) {}
    try {
      return (func + '');
    } catch (e) {}
  }
  return '';
}

/**
 * Performs a
 * [`SameValueZero`](http://ecma-international.org/ecma-262/6.0/#sec-samevaluezero)
 * comparison between two values to determine if they are equivalent.
 *
 * @static
 * @memberOf _
 * @since 4.0.0
 * @category Lang
 * @param {*} value The value to compare.
 * @param {*} other The other value to compare.
 * @returns {boolean} Returns `true` if the values are equivalent, else `false`.
 * @example
 *
 * var object = { 'user': 'fred' };
 * var other = { 'user': 'fred' };
 *
 * _.eq(object, object);
 * // => true
 *
 * _.eq(object, other);
 * // => false
 *
 * _.eq('a', 'a');
 * // => true
 *
 * _.eq('a', Object('a'));
 * // => false
 *
 * _.eq(NaN, NaN);
 * // => true
 */
function eq(value, other) {
  return value === other || (value !== value && other !== other);
}

/**
 * Checks if `value` is likely an `arguments` object.
 *
 * @static
 * @memberOf _
 * @since 0.1.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is correctly classified,
 *  else `false`.
 * @example
 *
 * _.isArguments(function() { return arguments; }());
 * // => true
 *
 * _.isArguments([1, 2, 3]);
 * // => false
 */
function isArguments(value) {
  // Safari 8.1 incorrectly makes `arguments.callee` enumerable in strict mode.
  return isArrayLikeObject(value) && hasOwnProperty.call(value, 'callee') &&
    (!propertyIsEnumerable.call(value, 'callee') || objectToString.call(value) == argsTag);
}

/**
 * Checks if `value` is classified as an `Array` object.
 *
 * @static
 * @memberOf _
 * @since 0.1.0
 * @type {Function}
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is correctly classified,
 *  else `false`.
 * @example
 *
 * _.isArray([1, 2, 3]);
 * // => true
 *
 * _.isArray(document.body.children);
 * // => false
 *
 * _.isArray('abc');
 * // => false
 *
 * _.isArray(_.noop);
 * // => false
 */
var isArray = Array.isArray;

/**
 * Checks if `value` is array-like. A value is considered array-like if it's
 * not a function and has a `value.length` that's an integer greater than or
 * equal to `0` and less than or equal to `Number.MAX_SAFE_INTEGER`.
 *
 * @static
 * @memberOf _
 * @since 4.0.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is array-like, else `false`.
 * @example
 *
 * _.isArrayLike([1, 2, 3]);
 * // => true
 *
 * _.isArrayLike(document.body.children);
 * // => true
 *
 * _.isArrayLike('abc');
 * // => true
 *
 * _.isArrayLike(_.noop);
 * // => false
 */
function isArrayLike(value) {
  return value != null && isLength(getLength(value)) && !isFunction(value);
}

/**
 * This method is like `_.isArrayLike` except that it also checks if `value`
 * is an object.
 *
 * @static
 * @memberOf _
 * @since 4.0.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is an array-like object,
 *  else `false`.
 * @example
 *
 * _.isArrayLikeObject([1, 2, 3]);
 * // => true
 *
 * _.isArrayLikeObject(document.body.children);
 * // => true
 *
 * _.isArrayLikeObject('abc');
 * // => false
 *
 * _.isArrayLikeObject(_.noop);
 * // => false
 */
function isArrayLikeObject(value) {
  return isObjectLike(value) && isArrayLike(value);
}

/**
 * Checks if `value` is classified as a `Function` object.
 *
 * @static
 * @memberOf _
 * @since 0.1.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is correctly classified,
 *  else `false`.
 * @example
 *
 * _.isFunction(_);
 * // => true
 *
 * _.isFunction(/abc/);
 * // => false
 */
function isFunction(value) {
  // The use of `Object#toString` avoids issues with the `typeof` operator
  // in Safari 8 which returns 'object' for typed array and weak map constructors,
  // and PhantomJS 1.9 which returns 'function' for `NodeList` instances.
  var tag = isObject(value) ? objectToString.call(value) : '';
  return tag == funcTag || tag == genTag;
}

/**
 * Checks if `value` is a valid array-like length.
 *
 * **Note:** This function is loosely based on
 * [`ToLength`](http://ecma-international.org/ecma-262/6.0/#sec-tolength).
 *
 * @static
 * @memberOf _
 * @since 4.0.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is a valid length,
 *  else `false`.
 * @example
 *
 * _.isLength(3);
 * // => true
 *
 * _.isLength(Number.MIN_VALUE);
 * // => false
 *
 * _.isLength(Infinity);
 * // => false
 *
 * _.isLength('3');
 * // => false
 */
function isLength(value) {
  return typeof value == 'number' &&
    value > -1 && value % 1 == 0 && value <= MAX_SAFE_INTEGER;
}

/**
 * Checks if `value` is the
 * [language type](http://www.ecma-international.org/ecma-262/6.0/#sec-ecmascript-language-types)
 * of `Object`. (e.g. arrays, functions, objects, regexes, `new Number(0)`, and `new String('')`)
 *
 * @static
 * @memberOf _
 * @since 0.1.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is an object, else `false`.
 * @example
 *
 * _.isObject({});
 * // => true
 *
 * _.isObject([1, 2, 3]);
 * // => true
 *
 * _.isObject(_.noop);
 * // => true
 *
 * _.isObject(null);
 * // => false
 */
function isObject(value) {
  var type = typeof value;
  return !!value && (type == 'object' || type == 'function');
}

/**
 * Checks if `value` is object-like. A value is object-like if it's not `null`
 * and has a `typeof` result of "object".
 *
 * @static
 * @memberOf _
 * @since 4.0.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is object-like, else `false`.
 * @example
 *
 * _.isObjectLike({});
 * // => true
 *
 * _.isObjectLike([1, 2, 3]);
 * // => true
 *
 * _.isObjectLike(_.noop);
 * // => false
 *
 * _.isObjectLike(null);
 * // => false
 */
function isObjectLike(value) {
  return !!value && typeof value == 'object';
}

/**
 * Checks if `value` is a native function.
 *
 * @static
 * @memberOf _
 * @since 3.0.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is a native function,
 *  else `false`.
 * @example
 *
 * _.isNative(Array.prototype.push);
 * // => true
 *
 * _.isNative(_);
 * // => false
 */
function isNative(value) {
  if (!isObject(value)) {
    return false;
  }
  var pattern = (isFunction(value) || isHostObject(value)) ? reIsNative : reIsHostCtor;
  return pattern.test(toSource(value));
}

/**
 * Checks if `value` is classified as a `String` primitive or object.
 *
 * @static
 * @since 0.1.0
 * @memberOf _
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is correctly classified,
 *  else `false`.
 * @example
 *
 * _.isString('abc');
 * // => true
 *
 * _.isString(1);
 * // => false
 */
function isString(value) {
  return typeof value == 'string' ||
    (!isArray(value) && isObjectLike(value) && objectToString.call(value) == stringTag);
}

/**
 * Checks if `value` is classified as a `Symbol` primitive or object.
 *
 * @static
 * @memberOf _
 * @since 4.0.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is correctly classified,
 *  else `false`.
 * @example
 *
 * _.isSymbol(Symbol.iterator);
 * // => true
 *
 * _.isSymbol('abc');
 * // => false
 */
function isSymbol(value) {
  return typeof value == 'symbol' ||
    (isObjectLike(value) && objectToString.call(value) == symbolTag);
}

/**
 * Checks if `value` is classified as a typed array.
 *
 * @static
 * @memberOf _
 * @since 3.0.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is correctly classified,
 *  else `false`.
 * @example
 *
 * _.isTypedArray(new Uint8Array);
 * // => true
 *
 * _.isTypedArray([]);
 * // => false
 */
function isTypedArray(value) {
  return isObjectLike(value) &&
    isLength(value.length) && !!typedArrayTags[objectToString.call(value)];
}

/**
 * Gets the value at `path` of `object`. If the resolved value is
 * `undefined`, the `defaultValue` is used in its place.
 *
 * @static
 * @memberOf _
 * @since 3.7.0
 * @category Object
 * @param {Object} object The object to query.
 * @param {Array|string} path The path of the property to get.
 * @param {*} [defaultValue] The value returned for `undefined` resolved values.
 * @returns {*} Returns the resolved value.
 * @example
 *
 * var object = { 'a': [{ 'b': { 'c': 3 } }] };
 *
 * _.get(object, 'a[0].b.c');
 * // => 3
 *
 * _.get(object, ['a', '0', 'b', 'c']);
 * // => 3
 *
 * _.get(object, 'a.b.c', 'default');
 * // => 'default'
 */
function get(object, path, defaultValue) {
  var result = object == null ? undefined : baseGet(object, path);
  return result === undefined ? defaultValue : result;
}

/**
 * Checks if `path` is a direct or inherited property of `object`.
 *
 * @static
 * @memberOf _
 * @since 4.0.0
 * @category Object
 * @param {Object} object The object to query.
 * @param {Array|string} path The path to check.
 * @returns {boolean} Returns `true` if `path` exists, else `false`.
 * @example
 *
 * var object = _.create({ 'a': _.create({ 'b': 2 }) });
 *
 * _.hasIn(object, 'a');
 * // => true
 *
 * _.hasIn(object, 'a.b');
 * // => true
 *
 * _.hasIn(object, ['a', 'b']);
 * // => true
 *
 * _.hasIn(object, 'b');
 * // => false
 */
function hasIn(object, path) {
  return object != null && hasPath(object, path, baseHasIn);
}

/**
 * Creates an array of the own enumerable property names of `object`.
 *
 * **Note:** Non-object values are coerced to objects. See the
 * [ES spec](http://ecma-international.org/ecma-262/6.0/#sec-object.keys)
 * for more details.
 *
 * @static
 * @since 0.1.0
 * @memberOf _
 * @category Object
 * @param {Object} object The object to query.
 * @returns {Array} Returns the array of property names.
 * @example
 *
 * function Foo() {
 *   this.a = 1;
 *   this.b = 2;
 * }
 *
 * Foo.prototype.c = 3;
 *
 * _.keys(new Foo);
 * // => ['a', 'b'] (iteration order is not guaranteed)
 *
 * _.keys('hi');
 * // => ['0', '1']
 */
function keys(object) {
  var isProto = isPrototype(object);
  if (!(isProto || isArrayLike(object))) {
    return baseKeys(object);
  }
  var indexes = indexKeys(object),
      skipIndexes = !!indexes,
      result = indexes || [],
      length = result.length;

  for (var key in object) {
    if (baseHas(object, key) &&
        !(skipIndexes && (key == 'length' || isIndex(key, length))) &&
        !(isProto && key == 'constructor')) {
      result.push(key);
    }
  }
  return result;
}

/**
 * Creates an array of own enumerable string keyed-value pairs for `object`
 * which can be consumed by `_.fromPairs`. If `object` is a map or set, its
 * entries are returned.
 *
 * @static
 * @memberOf _
 * @since 4.0.0
 * @alias entries
 * @category Object
 * @param {Object} object The object to query.
 * @returns {Array} Returns the key-value pairs.
 * @example
 *
 * function Foo() {
 *   this.a = 1;
 *   this.b = 2;
 * }
 *
 * Foo.prototype.c = 3;
 *
 * _.toPairs(new Foo);
 * // => [['a', 1], ['b', 2]] (iteration order is not guaranteed)
 */
var toPairs = createToPairs(keys);

/**
 * This method returns the first argument given to it.
 *
 * @static
 * @since 0.1.0
 * @memberOf _
 * @category Util
 * @param {*} value Any value.
 * @returns {*} Returns `value`.
 * @example
 *
 * var object = { 'user': 'fred' };
 *
 * _.identity(object) === object;
 * // => true
 */
function identity(value) {
  return value;
}

/**
 * Creates a function that returns the value at `path` of a given object.
 *
 * @static
 * @memberOf _
 * @since 2.4.0
 * @category Util
 * @param {Array|string} path The path of the property to get.
 * @returns {Function} Returns the new accessor function.
 * @example
 *
 * var objects = [
 *   { 'a': { 'b': 2 } },
 *   { 'a': { 'b': 1 } }
 * ];
 *
 * _.map(objects, _.property('a.b'));
 * // => [2, 1]
 *
 * _.map(_.sortBy(objects, _.property(['a', 'b'])), 'a.b');
 * // => [1, 2]
 */
function property(path) {
  return isKey(path) ? baseProperty(toKey(path)) : basePropertyDeep(path);
}

module.exports = baseIteratee;


/***/ }),

/***/ 1855:
/***/ (function(module, exports, __nccwpck_require__) {

/* module decorator */ module = __nccwpck_require__.nmd(module);
/**
 * lodash (Custom Build) <https://lodash.com/>
 * Build: `lodash modularize exports="npm" -o ./`
 * Copyright jQuery Foundation and other contributors <https://jquery.org/>
 * Released under MIT license <https://lodash.com/license>
 * Based on Underscore.js 1.8.3 <http://underscorejs.org/LICENSE>
 * Copyright Jeremy Ashkenas, DocumentCloud and Investigative Reporters & Editors
 */

/** Used as references for various `Number` constants. */
var INFINITY = 1 / 0;

/** `Object#toString` result references. */
var symbolTag = '[object Symbol]';

/** Used to determine if values are of the language type `Object`. */
var objectTypes = {
  'function': true,
  'object': true
};

/** Detect free variable `exports`. */
var freeExports = (objectTypes[typeof exports] && exports && !exports.nodeType)
  ? exports
  : undefined;

/** Detect free variable `module`. */
var freeModule = (objectTypes["object"] && module && !module.nodeType)
  ? module
  : undefined;

/** Detect free variable `global` from Node.js. */
var freeGlobal = checkGlobal(freeExports && freeModule && typeof global == 'object' && global);

/** Detect free variable `self`. */
var freeSelf = checkGlobal(objectTypes[typeof self] && self);

/** Detect free variable `window`. */
var freeWindow = checkGlobal(objectTypes[typeof window] && window);

/** Detect `this` as the global object. */
var thisGlobal = checkGlobal(objectTypes[typeof this] && this);

/**
 * Used as a reference to the global object.
 *
 * The `this` value is used if it's the global object to avoid Greasemonkey's
 * restricted `window` object, otherwise the `window` object is used.
 */
var root = freeGlobal ||
  ((freeWindow !== (thisGlobal && thisGlobal.window)) && freeWindow) ||
    freeSelf || thisGlobal || Function('return this')();

/**
 * Checks if `value` is a global object.
 *
 * @private
 * @param {*} value The value to check.
 * @returns {null|Object} Returns `value` if it's a global object, else `null`.
 */
function checkGlobal(value) {
  return (value && value.Object === Object) ? value : null;
}

/** Used for built-in method references. */
var objectProto = Object.prototype;

/**
 * Used to resolve the
 * [`toStringTag`](http://ecma-international.org/ecma-262/6.0/#sec-object.prototype.tostring)
 * of values.
 */
var objectToString = objectProto.toString;

/** Built-in value references. */
var Symbol = root.Symbol;

/** Used to convert symbols to primitives and strings. */
var symbolProto = Symbol ? Symbol.prototype : undefined,
    symbolToString = symbolProto ? symbolProto.toString : undefined;

/**
 * The base implementation of `_.toString` which doesn't convert nullish
 * values to empty strings.
 *
 * @private
 * @param {*} value The value to process.
 * @returns {string} Returns the string.
 */
function baseToString(value) {
  // Exit early for strings to avoid a performance hit in some environments.
  if (typeof value == 'string') {
    return value;
  }
  if (isSymbol(value)) {
    return symbolToString ? symbolToString.call(value) : '';
  }
  var result = (value + '');
  return (result == '0' && (1 / value) == -INFINITY) ? '-0' : result;
}

/**
 * Checks if `value` is object-like. A value is object-like if it's not `null`
 * and has a `typeof` result of "object".
 *
 * @static
 * @memberOf _
 * @since 4.0.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is object-like, else `false`.
 * @example
 *
 * _.isObjectLike({});
 * // => true
 *
 * _.isObjectLike([1, 2, 3]);
 * // => true
 *
 * _.isObjectLike(_.noop);
 * // => false
 *
 * _.isObjectLike(null);
 * // => false
 */
function isObjectLike(value) {
  return !!value && typeof value == 'object';
}

/**
 * Checks if `value` is classified as a `Symbol` primitive or object.
 *
 * @static
 * @memberOf _
 * @since 4.0.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is correctly classified,
 *  else `false`.
 * @example
 *
 * _.isSymbol(Symbol.iterator);
 * // => true
 *
 * _.isSymbol('abc');
 * // => false
 */
function isSymbol(value) {
  return typeof value == 'symbol' ||
    (isObjectLike(value) && objectToString.call(value) == symbolTag);
}

module.exports = baseToString;


/***/ }),

/***/ 6266:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

/**
 * lodash (Custom Build) <https://lodash.com/>
 * Build: `lodash modularize exports="npm" -o ./`
 * Copyright jQuery Foundation and other contributors <https://jquery.org/>
 * Released under MIT license <https://lodash.com/license>
 * Based on Underscore.js 1.8.3 <http://underscorejs.org/LICENSE>
 * Copyright Jeremy Ashkenas, DocumentCloud and Investigative Reporters & Editors
 */
var createSet = __nccwpck_require__(3138),
    root = __nccwpck_require__(4306);

/** Used as the size to enable large array optimizations. */
var LARGE_ARRAY_SIZE = 200;

/** Used to stand-in for `undefined` hash values. */
var HASH_UNDEFINED = '__lodash_hash_undefined__';

/** `Object#toString` result references. */
var funcTag = '[object Function]',
    genTag = '[object GeneratorFunction]';

/**
 * Used to match `RegExp`
 * [syntax characters](http://ecma-international.org/ecma-262/6.0/#sec-patterns).
 */
var reRegExpChar = /[\\^$.*+?()[\]{}|]/g;

/** Used to detect host constructors (Safari). */
var reIsHostCtor = /^\[object .+?Constructor\]$/;

/**
 * A specialized version of `_.includes` for arrays without support for
 * specifying an index to search from.
 *
 * @private
 * @param {Array} array The array to search.
 * @param {*} target The value to search for.
 * @returns {boolean} Returns `true` if `target` is found, else `false`.
 */
function arrayIncludes(array, value) {
  return !!array.length && baseIndexOf(array, value, 0) > -1;
}

/**
 * This function is like `arrayIncludes` except that it accepts a comparator.
 *
 * @private
 * @param {Array} array The array to search.
 * @param {*} target The value to search for.
 * @param {Function} comparator The comparator invoked per element.
 * @returns {boolean} Returns `true` if `target` is found, else `false`.
 */
function arrayIncludesWith(array, value, comparator) {
  var index = -1,
      length = array.length;

  while (++index < length) {
    if (comparator(value, array[index])) {
      return true;
    }
  }
  return false;
}

/**
 * The base implementation of `_.indexOf` without `fromIndex` bounds checks.
 *
 * @private
 * @param {Array} array The array to search.
 * @param {*} value The value to search for.
 * @param {number} fromIndex The index to search from.
 * @returns {number} Returns the index of the matched value, else `-1`.
 */
function baseIndexOf(array, value, fromIndex) {
  if (value !== value) {
    return indexOfNaN(array, fromIndex);
  }
  var index = fromIndex - 1,
      length = array.length;

  while (++index < length) {
    if (array[index] === value) {
      return index;
    }
  }
  return -1;
}

/**
 * Checks if a cache value for `key` exists.
 *
 * @private
 * @param {Object} cache The cache to query.
 * @param {string} key The key of the entry to check.
 * @returns {boolean} Returns `true` if an entry for `key` exists, else `false`.
 */
function cacheHas(cache, key) {
  return cache.has(key);
}

/**
 * Gets the index at which the first occurrence of `NaN` is found in `array`.
 *
 * @private
 * @param {Array} array The array to search.
 * @param {number} fromIndex The index to search from.
 * @param {boolean} [fromRight] Specify iterating from right to left.
 * @returns {number} Returns the index of the matched `NaN`, else `-1`.
 */
function indexOfNaN(array, fromIndex, fromRight) {
  var length = array.length,
      index = fromIndex + (fromRight ? 0 : -1);

  while ((fromRight ? index-- : ++index < length)) {
    var other = array[index];
    if (other !== other) {
      return index;
    }
  }
  return -1;
}

/**
 * Checks if `value` is a host object in IE < 9.
 *
 * @private
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is a host object, else `false`.
 */
function isHostObject(value) {
  // Many host objects are `Object` objects that can coerce to strings
  // despite having improperly defined `toString` methods.
  var result = false;
  if (value != null && typeof value.toString != 'function') {
    try {
      result = !!(value + '');
    } catch (e) {}
  }
  return result;
}

/**
 * Converts `set` to an array of its values.
 *
 * @private
 * @param {Object} set The set to convert.
 * @returns {Array} Returns the values.
 */
function setToArray(set) {
  var index = -1,
      result = Array(set.size);

  set.forEach(function(value) {
    result[++index] = value;
  });
  return result;
}

/** Used for built-in method references. */
var arrayProto = Array.prototype,
    objectProto = Object.prototype;

/** Used to resolve the decompiled source of functions. */
var funcToString = Function.prototype.toString;

/** Used to check objects for own properties. */
var hasOwnProperty = objectProto.hasOwnProperty;

/**
 * Used to resolve the
 * [`toStringTag`](http://ecma-international.org/ecma-262/6.0/#sec-object.prototype.tostring)
 * of values.
 */
var objectToString = objectProto.toString;

/** Used to detect if a method is native. */
var reIsNative = RegExp('^' +
  funcToString.call(hasOwnProperty).replace(reRegExpChar, '\\$&')
  .replace(/hasOwnProperty|(function).*?(?=\\\()| for .+?(?=\\\])/g, '$1.*?') + '$'
);

/** Built-in value references. */
var splice = arrayProto.splice;

/* Built-in method references that are verified to be native. */
var Map = getNative(root, 'Map'),
    nativeCreate = getNative(Object, 'create');

/**
 * Creates a hash object.
 *
 * @private
 * @constructor
 * @param {Array} [entries] The key-value pairs to cache.
 */
function Hash(entries) {
  var index = -1,
      length = entries ? entries.length : 0;

  this.clear();
  while (++index < length) {
    var entry = entries[index];
    this.set(entry[0], entry[1]);
  }
}

/**
 * Removes all key-value entries from the hash.
 *
 * @private
 * @name clear
 * @memberOf Hash
 */
function hashClear() {
  this.__data__ = nativeCreate ? nativeCreate(null) : {};
}

/**
 * Removes `key` and its value from the hash.
 *
 * @private
 * @name delete
 * @memberOf Hash
 * @param {Object} hash The hash to modify.
 * @param {string} key The key of the value to remove.
 * @returns {boolean} Returns `true` if the entry was removed, else `false`.
 */
function hashDelete(key) {
  return this.has(key) && delete this.__data__[key];
}

/**
 * Gets the hash value for `key`.
 *
 * @private
 * @name get
 * @memberOf Hash
 * @param {string} key The key of the value to get.
 * @returns {*} Returns the entry value.
 */
function hashGet(key) {
  var data = this.__data__;
  if (nativeCreate) {
    var result = data[key];
    return result === HASH_UNDEFINED ? undefined : result;
  }
  return hasOwnProperty.call(data, key) ? data[key] : undefined;
}

/**
 * Checks if a hash value for `key` exists.
 *
 * @private
 * @name has
 * @memberOf Hash
 * @param {string} key The key of the entry to check.
 * @returns {boolean} Returns `true` if an entry for `key` exists, else `false`.
 */
function hashHas(key) {
  var data = this.__data__;
  return nativeCreate ? data[key] !== undefined : hasOwnProperty.call(data, key);
}

/**
 * Sets the hash `key` to `value`.
 *
 * @private
 * @name set
 * @memberOf Hash
 * @param {string} key The key of the value to set.
 * @param {*} value The value to set.
 * @returns {Object} Returns the hash instance.
 */
function hashSet(key, value) {
  var data = this.__data__;
  data[key] = (nativeCreate && value === undefined) ? HASH_UNDEFINED : value;
  return this;
}

// Add methods to `Hash`.
Hash.prototype.clear = hashClear;
Hash.prototype['delete'] = hashDelete;
Hash.prototype.get = hashGet;
Hash.prototype.has = hashHas;
Hash.prototype.set = hashSet;

/**
 * Creates an list cache object.
 *
 * @private
 * @constructor
 * @param {Array} [entries] The key-value pairs to cache.
 */
function ListCache(entries) {
  var index = -1,
      length = entries ? entries.length : 0;

  this.clear();
  while (++index < length) {
    var entry = entries[index];
    this.set(entry[0], entry[1]);
  }
}

/**
 * Removes all key-value entries from the list cache.
 *
 * @private
 * @name clear
 * @memberOf ListCache
 */
function listCacheClear() {
  this.__data__ = [];
}

/**
 * Removes `key` and its value from the list cache.
 *
 * @private
 * @name delete
 * @memberOf ListCache
 * @param {string} key The key of the value to remove.
 * @returns {boolean} Returns `true` if the entry was removed, else `false`.
 */
function listCacheDelete(key) {
  var data = this.__data__,
      index = assocIndexOf(data, key);

  if (index < 0) {
    return false;
  }
  var lastIndex = data.length - 1;
  if (index == lastIndex) {
    data.pop();
  } else {
    splice.call(data, index, 1);
  }
  return true;
}

/**
 * Gets the list cache value for `key`.
 *
 * @private
 * @name get
 * @memberOf ListCache
 * @param {string} key The key of the value to get.
 * @returns {*} Returns the entry value.
 */
function listCacheGet(key) {
  var data = this.__data__,
      index = assocIndexOf(data, key);

  return index < 0 ? undefined : data[index][1];
}

/**
 * Checks if a list cache value for `key` exists.
 *
 * @private
 * @name has
 * @memberOf ListCache
 * @param {string} key The key of the entry to check.
 * @returns {boolean} Returns `true` if an entry for `key` exists, else `false`.
 */
function listCacheHas(key) {
  return assocIndexOf(this.__data__, key) > -1;
}

/**
 * Sets the list cache `key` to `value`.
 *
 * @private
 * @name set
 * @memberOf ListCache
 * @param {string} key The key of the value to set.
 * @param {*} value The value to set.
 * @returns {Object} Returns the list cache instance.
 */
function listCacheSet(key, value) {
  var data = this.__data__,
      index = assocIndexOf(data, key);

  if (index < 0) {
    data.push([key, value]);
  } else {
    data[index][1] = value;
  }
  return this;
}

// Add methods to `ListCache`.
ListCache.prototype.clear = listCacheClear;
ListCache.prototype['delete'] = listCacheDelete;
ListCache.prototype.get = listCacheGet;
ListCache.prototype.has = listCacheHas;
ListCache.prototype.set = listCacheSet;

/**
 * Creates a map cache object to store key-value pairs.
 *
 * @private
 * @constructor
 * @param {Array} [entries] The key-value pairs to cache.
 */
function MapCache(entries) {
  var index = -1,
      length = entries ? entries.length : 0;

  this.clear();
  while (++index < length) {
    var entry = entries[index];
    this.set(entry[0], entry[1]);
  }
}

/**
 * Removes all key-value entries from the map.
 *
 * @private
 * @name clear
 * @memberOf MapCache
 */
function mapCacheClear() {
  this.__data__ = {
    'hash': new Hash,
    'map': new (Map || ListCache),
    'string': new Hash
  };
}

/**
 * Removes `key` and its value from the map.
 *
 * @private
 * @name delete
 * @memberOf MapCache
 * @param {string} key The key of the value to remove.
 * @returns {boolean} Returns `true` if the entry was removed, else `false`.
 */
function mapCacheDelete(key) {
  return getMapData(this, key)['delete'](key);
}

/**
 * Gets the map value for `key`.
 *
 * @private
 * @name get
 * @memberOf MapCache
 * @param {string} key The key of the value to get.
 * @returns {*} Returns the entry value.
 */
function mapCacheGet(key) {
  return getMapData(this, key).get(key);
}

/**
 * Checks if a map value for `key` exists.
 *
 * @private
 * @name has
 * @memberOf MapCache
 * @param {string} key The key of the entry to check.
 * @returns {boolean} Returns `true` if an entry for `key` exists, else `false`.
 */
function mapCacheHas(key) {
  return getMapData(this, key).has(key);
}

/**
 * Sets the map `key` to `value`.
 *
 * @private
 * @name set
 * @memberOf MapCache
 * @param {string} key The key of the value to set.
 * @param {*} value The value to set.
 * @returns {Object} Returns the map cache instance.
 */
function mapCacheSet(key, value) {
  getMapData(this, key).set(key, value);
  return this;
}

// Add methods to `MapCache`.
MapCache.prototype.clear = mapCacheClear;
MapCache.prototype['delete'] = mapCacheDelete;
MapCache.prototype.get = mapCacheGet;
MapCache.prototype.has = mapCacheHas;
MapCache.prototype.set = mapCacheSet;

/**
 *
 * Creates an array cache object to store unique values.
 *
 * @private
 * @constructor
 * @param {Array} [values] The values to cache.
 */
function SetCache(values) {
  var index = -1,
      length = values ? values.length : 0;

  this.__data__ = new MapCache;
  while (++index < length) {
    this.add(values[index]);
  }
}

/**
 * Adds `value` to the array cache.
 *
 * @private
 * @name add
 * @memberOf SetCache
 * @alias push
 * @param {*} value The value to cache.
 * @returns {Object} Returns the cache instance.
 */
function setCacheAdd(value) {
  this.__data__.set(value, HASH_UNDEFINED);
  return this;
}

/**
 * Checks if `value` is in the array cache.
 *
 * @private
 * @name has
 * @memberOf SetCache
 * @param {*} value The value to search for.
 * @returns {number} Returns `true` if `value` is found, else `false`.
 */
function setCacheHas(value) {
  return this.__data__.has(value);
}

// Add methods to `SetCache`.
SetCache.prototype.add = SetCache.prototype.push = setCacheAdd;
SetCache.prototype.has = setCacheHas;

/**
 * Gets the index at which the `key` is found in `array` of key-value pairs.
 *
 * @private
 * @param {Array} array The array to search.
 * @param {*} key The key to search for.
 * @returns {number} Returns the index of the matched value, else `-1`.
 */
function assocIndexOf(array, key) {
  var length = array.length;
  while (length--) {
    if (eq(array[length][0], key)) {
      return length;
    }
  }
  return -1;
}

/**
 * The base implementation of `_.uniqBy` without support for iteratee shorthands.
 *
 * @private
 * @param {Array} array The array to inspect.
 * @param {Function} [iteratee] The iteratee invoked per element.
 * @param {Function} [comparator] The comparator invoked per element.
 * @returns {Array} Returns the new duplicate free array.
 */
function baseUniq(array, iteratee, comparator) {
  var index = -1,
      includes = arrayIncludes,
      length = array.length,
      isCommon = true,
      result = [],
      seen = result;

  if (comparator) {
    isCommon = false;
    includes = arrayIncludesWith;
  }
  else if (length >= LARGE_ARRAY_SIZE) {
    var set = iteratee ? null : createSet(array);
    if (set) {
      return setToArray(set);
    }
    isCommon = false;
    includes = cacheHas;
    seen = new SetCache;
  }
  else {
    seen = iteratee ? [] : result;
  }
  outer:
  while (++index < length) {
    var value = array[index],
        computed = iteratee ? iteratee(value) : value;

    value = (comparator || value !== 0) ? value : 0;
    if (isCommon && computed === computed) {
      var seenIndex = seen.length;
      while (seenIndex--) {
        if (seen[seenIndex] === computed) {
          continue outer;
        }
      }
      if (iteratee) {
        seen.push(computed);
      }
      result.push(value);
    }
    else if (!includes(seen, computed, comparator)) {
      if (seen !== result) {
        seen.push(computed);
      }
      result.push(value);
    }
  }
  return result;
}

/**
 * Gets the data for `map`.
 *
 * @private
 * @param {Object} map The map to query.
 * @param {string} key The reference key.
 * @returns {*} Returns the map data.
 */
function getMapData(map, key) {
  var data = map.__data__;
  return isKeyable(key)
    ? data[typeof key == 'string' ? 'string' : 'hash']
    : data.map;
}

/**
 * Gets the native function at `key` of `object`.
 *
 * @private
 * @param {Object} object The object to query.
 * @param {string} key The key of the method to get.
 * @returns {*} Returns the function if it's native, else `undefined`.
 */
function getNative(object, key) {
  var value = object[key];
  return isNative(value) ? value : undefined;
}

/**
 * Checks if `value` is suitable for use as unique object key.
 *
 * @private
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is suitable, else `false`.
 */
function isKeyable(value) {
  var type = typeof value;
  return (type == 'string' || type == 'number' || type == 'symbol' || type == 'boolean')
    ? (value !== '__proto__')
    : (value === null);
}

/**
 * Converts `func` to its source code.
 *
 * @private
 * @param {Function} func The function to process.
 * @returns {string} Returns the source code.
 */
function toSource(func) {
  if (func != null) {
    try {
      return funcToString.call(func);
    } catch (e) {}
    try {
      return (func + '');
    } catch (e) {}
  }
  return '';
}

/**
 * Performs a
 * [`SameValueZero`](http://ecma-international.org/ecma-262/6.0/#sec-samevaluezero)
 * comparison between two values to determine if they are equivalent.
 *
 * @static
 * @memberOf _
 * @since 4.0.0
 * @category Lang
 * @param {*} value The value to compare.
 * @param {*} other The other value to compare.
 * @returns {boolean} Returns `true` if the values are equivalent, else `false`.
 * @example
 *
 * var object = { 'user': 'fred' };
 * var other = { 'user': 'fred' };
 *
 * _.eq(object, object);
 * // => true
 *
 * _.eq(object, other);
 * // => false
 *
 * _.eq('a', 'a');
 * // => true
 *
 * _.eq('a', Object('a'));
 * // => false
 *
 * _.eq(NaN, NaN);
 * // => true
 */
function eq(value, other) {
  return value === other || (value !== value && other !== other);
}

/**
 * Checks if `value` is classified as a `Function` object.
 *
 * @static
 * @memberOf _
 * @since 0.1.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is correctly classified,
 *  else `false`.
 * @example
 *
 * _.isFunction(_);
 * // => true
 *
 * _.isFunction(/abc/);
 * // => false
 */
function isFunction(value) {
  // The use of `Object#toString` avoids issues with the `typeof` operator
  // in Safari 8 which returns 'object' for typed array and weak map constructors,
  // and PhantomJS 1.9 which returns 'function' for `NodeList` instances.
  var tag = isObject(value) ? objectToString.call(value) : '';
  return tag == funcTag || tag == genTag;
}

/**
 * Checks if `value` is the
 * [language type](http://www.ecma-international.org/ecma-262/6.0/#sec-ecmascript-language-types)
 * of `Object`. (e.g. arrays, functions, objects, regexes, `new Number(0)`, and `new String('')`)
 *
 * @static
 * @memberOf _
 * @since 0.1.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is an object, else `false`.
 * @example
 *
 * _.isObject({});
 * // => true
 *
 * _.isObject([1, 2, 3]);
 * // => true
 *
 * _.isObject(_.noop);
 * // => true
 *
 * _.isObject(null);
 * // => false
 */
function isObject(value) {
  var type = typeof value;
  return !!value && (type == 'object' || type == 'function');
}

/**
 * Checks if `value` is a native function.
 *
 * @static
 * @memberOf _
 * @since 3.0.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is a native function,
 *  else `false`.
 * @example
 *
 * _.isNative(Array.prototype.push);
 * // => true
 *
 * _.isNative(_);
 * // => false
 */
function isNative(value) {
  if (!isObject(value)) {
    return false;
  }
  var pattern = (isFunction(value) || isHostObject(value)) ? reIsNative : reIsHostCtor;
  return pattern.test(toSource(value));
}

module.exports = baseUniq;


/***/ }),

/***/ 3138:
/***/ (function(module, exports, __nccwpck_require__) {

/* module decorator */ module = __nccwpck_require__.nmd(module);
/**
 * lodash (Custom Build) <https://lodash.com/>
 * Build: `lodash modularize exports="npm" -o ./`
 * Copyright jQuery Foundation and other contributors <https://jquery.org/>
 * Released under MIT license <https://lodash.com/license>
 * Based on Underscore.js 1.8.3 <http://underscorejs.org/LICENSE>
 * Copyright Jeremy Ashkenas, DocumentCloud and Investigative Reporters & Editors
 */

/** Used as references for various `Number` constants. */
var INFINITY = 1 / 0;

/** `Object#toString` result references. */
var funcTag = '[object Function]',
    genTag = '[object GeneratorFunction]';

/**
 * Used to match `RegExp`
 * [syntax characters](http://ecma-international.org/ecma-262/6.0/#sec-patterns).
 */
var reRegExpChar = /[\\^$.*+?()[\]{}|]/g;

/** Used to detect host constructors (Safari). */
var reIsHostCtor = /^\[object .+?Constructor\]$/;

/** Used to determine if values are of the language type `Object`. */
var objectTypes = {
  'function': true,
  'object': true
};

/** Detect free variable `exports`. */
var freeExports = (objectTypes[typeof exports] && exports && !exports.nodeType)
  ? exports
  : undefined;

/** Detect free variable `module`. */
var freeModule = (objectTypes["object"] && module && !module.nodeType)
  ? module
  : undefined;

/** Detect free variable `global` from Node.js. */
var freeGlobal = checkGlobal(freeExports && freeModule && typeof global == 'object' && global);

/** Detect free variable `self`. */
var freeSelf = checkGlobal(objectTypes[typeof self] && self);

/** Detect free variable `window`. */
var freeWindow = checkGlobal(objectTypes[typeof window] && window);

/** Detect `this` as the global object. */
var thisGlobal = checkGlobal(objectTypes[typeof this] && this);

/**
 * Used as a reference to the global object.
 *
 * The `this` value is used if it's the global object to avoid Greasemonkey's
 * restricted `window` object, otherwise the `window` object is used.
 */
var root = freeGlobal ||
  ((freeWindow !== (thisGlobal && thisGlobal.window)) && freeWindow) ||
    freeSelf || thisGlobal || Function('return this')();

/**
 * Checks if `value` is a global object.
 *
 * @private
 * @param {*} value The value to check.
 * @returns {null|Object} Returns `value` if it's a global object, else `null`.
 */
function checkGlobal(value) {
  return (value && value.Object === Object) ? value : null;
}

/**
 * Checks if `value` is a host object in IE < 9.
 *
 * @private
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is a host object, else `false`.
 */
function isHostObject(value) {
  // Many host objects are `Object` objects that can coerce to strings
  // despite having improperly defined `toString` methods.
  var result = false;
  if (value != null && typeof value.toString != 'function') {
    try {
      result = !!(value + '');
    } catch (e) {}
  }
  return result;
}

/**
 * Converts `set` to an array of its values.
 *
 * @private
 * @param {Object} set The set to convert.
 * @returns {Array} Returns the values.
 */
function setToArray(set) {
  var index = -1,
      result = Array(set.size);

  set.forEach(function(value) {
    result[++index] = value;
  });
  return result;
}

/** Used for built-in method references. */
var objectProto = Object.prototype;

/** Used to resolve the decompiled source of functions. */
var funcToString = Function.prototype.toString;

/** Used to check objects for own properties. */
var hasOwnProperty = objectProto.hasOwnProperty;

/**
 * Used to resolve the
 * [`toStringTag`](http://ecma-international.org/ecma-262/6.0/#sec-object.prototype.tostring)
 * of values.
 */
var objectToString = objectProto.toString;

/** Used to detect if a method is native. */
var reIsNative = RegExp('^' +
  funcToString.call(hasOwnProperty).replace(reRegExpChar, '\\$&')
  .replace(/hasOwnProperty|(function).*?(?=\\\()| for .+?(?=\\\])/g, '$1.*?') + '$'
);

/* Built-in method references that are verified to be native. */
var Set = getNative(root, 'Set');

/**
 * Creates a set of `values`.
 *
 * @private
 * @param {Array} values The values to add to the set.
 * @returns {Object} Returns the new set.
 */
var createSet = !(Set && (1 / setToArray(new Set([,-0]))[1]) == INFINITY) ? noop : function(values) {
  return new Set(values);
};

/**
 * Gets the native function at `key` of `object`.
 *
 * @private
 * @param {Object} object The object to query.
 * @param {string} key The key of the method to get.
 * @returns {*} Returns the function if it's native, else `undefined`.
 */
function getNative(object, key) {
  var value = object[key];
  return isNative(value) ? value : undefined;
}

/**
 * Converts `func` to its source code.
 *
 * @private
 * @param {Function} func The function to process.
 * @returns {string} Returns the source code.
 */
function toSource(func) {
  if (func != null) {
    try {
      return funcToString.call(func);
    } catch (e) {}
    try {
      return (func + '');
    } catch (e) {}
  }
  return '';
}

/**
 * Checks if `value` is classified as a `Function` object.
 *
 * @static
 * @memberOf _
 * @since 0.1.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is correctly classified,
 *  else `false`.
 * @example
 *
 * _.isFunction(_);
 * // => true
 *
 * _.isFunction(/abc/);
 * // => false
 */
function isFunction(value) {
  // The use of `Object#toString` avoids issues with the `typeof` operator
  // in Safari 8 which returns 'object' for typed array and weak map constructors,
  // and PhantomJS 1.9 which returns 'function' for `NodeList` instances.
  var tag = isObject(value) ? objectToString.call(value) : '';
  return tag == funcTag || tag == genTag;
}

/**
 * Checks if `value` is the
 * [language type](http://www.ecma-international.org/ecma-262/6.0/#sec-ecmascript-language-types)
 * of `Object`. (e.g. arrays, functions, objects, regexes, `new Number(0)`, and `new String('')`)
 *
 * @static
 * @memberOf _
 * @since 0.1.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is an object, else `false`.
 * @example
 *
 * _.isObject({});
 * // => true
 *
 * _.isObject([1, 2, 3]);
 * // => true
 *
 * _.isObject(_.noop);
 * // => true
 *
 * _.isObject(null);
 * // => false
 */
function isObject(value) {
  var type = typeof value;
  return !!value && (type == 'object' || type == 'function');
}

/**
 * Checks if `value` is a native function.
 *
 * @static
 * @memberOf _
 * @since 3.0.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is a native function,
 *  else `false`.
 * @example
 *
 * _.isNative(Array.prototype.push);
 * // => true
 *
 * _.isNative(_);
 * // => false
 */
function isNative(value) {
  if (!isObject(value)) {
    return false;
  }
  var pattern = (isFunction(value) || isHostObject(value)) ? reIsNative : reIsHostCtor;
  return pattern.test(toSource(value));
}

/**
 * A no-operation function that returns `undefined` regardless of the
 * arguments it receives.
 *
 * @static
 * @memberOf _
 * @since 2.3.0
 * @category Util
 * @example
 *
 * var object = { 'user': 'fred' };
 *
 * _.noop(object) === undefined;
 * // => true
 */
function noop() {
  // No operation performed.
}

module.exports = createSet;


/***/ }),

/***/ 4306:
/***/ (function(module, exports, __nccwpck_require__) {

/* module decorator */ module = __nccwpck_require__.nmd(module);
/**
 * lodash 3.0.1 (Custom Build) <https://lodash.com/>
 * Build: `lodash modularize exports="npm" -o ./`
 * Copyright 2012-2016 The Dojo Foundation <http://dojofoundation.org/>
 * Based on Underscore.js 1.8.3 <http://underscorejs.org/LICENSE>
 * Copyright 2009-2016 Jeremy Ashkenas, DocumentCloud and Investigative Reporters & Editors
 * Available under MIT license <https://lodash.com/license>
 */

/** Used to determine if values are of the language type `Object`. */
var objectTypes = {
  'function': true,
  'object': true
};

/** Detect free variable `exports`. */
var freeExports = (objectTypes[typeof exports] && exports && !exports.nodeType)
  ? exports
  : undefined;

/** Detect free variable `module`. */
var freeModule = (objectTypes["object"] && module && !module.nodeType)
  ? module
  : undefined;

/** Detect free variable `global` from Node.js. */
var freeGlobal = checkGlobal(freeExports && freeModule && typeof global == 'object' && global);

/** Detect free variable `self`. */
var freeSelf = checkGlobal(objectTypes[typeof self] && self);

/** Detect free variable `window`. */
var freeWindow = checkGlobal(objectTypes[typeof window] && window);

/** Detect `this` as the global object. */
var thisGlobal = checkGlobal(objectTypes[typeof this] && this);

/**
 * Used as a reference to the global object.
 *
 * The `this` value is used if it's the global object to avoid Greasemonkey's
 * restricted `window` object, otherwise the `window` object is used.
 */
var root = freeGlobal ||
  ((freeWindow !== (thisGlobal && thisGlobal.window)) && freeWindow) ||
    freeSelf || thisGlobal || Function('return this')();

/**
 * Checks if `value` is a global object.
 *
 * @private
 * @param {*} value The value to check.
 * @returns {null|Object} Returns `value` if it's a global object, else `null`.
 */
function checkGlobal(value) {
  return (value && value.Object === Object) ? value : null;
}

module.exports = root;


/***/ }),

/***/ 3725:
/***/ (function(module, exports, __nccwpck_require__) {

/* module decorator */ module = __nccwpck_require__.nmd(module);
/**
 * lodash (Custom Build) <https://lodash.com/>
 * Build: `lodash modularize exports="npm" -o ./`
 * Copyright jQuery Foundation and other contributors <https://jquery.org/>
 * Released under MIT license <https://lodash.com/license>
 * Based on Underscore.js 1.8.3 <http://underscorejs.org/LICENSE>
 * Copyright Jeremy Ashkenas, DocumentCloud and Investigative Reporters & Editors
 */
var baseToString = __nccwpck_require__(1855);

/** Used as the `TypeError` message for "Functions" methods. */
var FUNC_ERROR_TEXT = 'Expected a function';

/** Used to stand-in for `undefined` hash values. */
var HASH_UNDEFINED = '__lodash_hash_undefined__';

/** `Object#toString` result references. */
var funcTag = '[object Function]',
    genTag = '[object GeneratorFunction]';

/** Used to match property names within property paths. */
var rePropName = /[^.[\]]+|\[(?:(-?\d+(?:\.\d+)?)|(["'])((?:(?!\2)[^\\]|\\.)*?)\2)\]/g;

/**
 * Used to match `RegExp`
 * [syntax characters](http://ecma-international.org/ecma-262/6.0/#sec-patterns).
 */
var reRegExpChar = /[\\^$.*+?()[\]{}|]/g;

/** Used to match backslashes in property paths. */
var reEscapeChar = /\\(\\)?/g;

/** Used to detect host constructors (Safari). */
var reIsHostCtor = /^\[object .+?Constructor\]$/;

/** Used to determine if values are of the language type `Object`. */
var objectTypes = {
  'function': true,
  'object': true
};

/** Detect free variable `exports`. */
var freeExports = (objectTypes[typeof exports] && exports && !exports.nodeType)
  ? exports
  : undefined;

/** Detect free variable `module`. */
var freeModule = (objectTypes["object"] && module && !module.nodeType)
  ? module
  : undefined;

/** Detect free variable `global` from Node.js. */
var freeGlobal = checkGlobal(freeExports && freeModule && typeof global == 'object' && global);

/** Detect free variable `self`. */
var freeSelf = checkGlobal(objectTypes[typeof self] && self);

/** Detect free variable `window`. */
var freeWindow = checkGlobal(objectTypes[typeof window] && window);

/** Detect `this` as the global object. */
var thisGlobal = checkGlobal(objectTypes[typeof this] && this);

/**
 * Used as a reference to the global object.
 *
 * The `this` value is used if it's the global object to avoid Greasemonkey's
 * restricted `window` object, otherwise the `window` object is used.
 */
var root = freeGlobal ||
  ((freeWindow !== (thisGlobal && thisGlobal.window)) && freeWindow) ||
    freeSelf || thisGlobal || Function('return this')();

/**
 * Checks if `value` is a global object.
 *
 * @private
 * @param {*} value The value to check.
 * @returns {null|Object} Returns `value` if it's a global object, else `null`.
 */
function checkGlobal(value) {
  return (value && value.Object === Object) ? value : null;
}

/**
 * Checks if `value` is a host object in IE < 9.
 *
 * @private
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is a host object, else `false`.
 */
function isHostObject(value) {
  // Many host objects are `Object` objects that can coerce to strings
  // despite having improperly defined `toString` methods.
  var result = false;
  if (value != null && typeof value.toString != 'function') {
    try {
      result = !!(value + '');
    } catch (e) {}
  }
  return result;
}

/** Used for built-in method references. */
var arrayProto = Array.prototype,
    objectProto = Object.prototype;

/** Used to resolve the decompiled source of functions. */
var funcToString = Function.prototype.toString;

/** Used to check objects for own properties. */
var hasOwnProperty = objectProto.hasOwnProperty;

/**
 * Used to resolve the
 * [`toStringTag`](http://ecma-international.org/ecma-262/6.0/#sec-object.prototype.tostring)
 * of values.
 */
var objectToString = objectProto.toString;

/** Used to detect if a method is native. */
var reIsNative = RegExp('^' +
  funcToString.call(hasOwnProperty).replace(reRegExpChar, '\\$&')
  .replace(/hasOwnProperty|(function).*?(?=\\\()| for .+?(?=\\\])/g, '$1.*?') + '$'
);

/** Built-in value references. */
var splice = arrayProto.splice;

/* Built-in method references that are verified to be native. */
var Map = getNative(root, 'Map'),
    nativeCreate = getNative(Object, 'create');

/**
 * Creates a hash object.
 *
 * @private
 * @constructor
 * @param {Array} [entries] The key-value pairs to cache.
 */
function Hash(entries) {
  var index = -1,
      length = entries ? entries.length : 0;

  this.clear();
  while (++index < length) {
    var entry = entries[index];
    this.set(entry[0], entry[1]);
  }
}

/**
 * Removes all key-value entries from the hash.
 *
 * @private
 * @name clear
 * @memberOf Hash
 */
function hashClear() {
  this.__data__ = nativeCreate ? nativeCreate(null) : {};
}

/**
 * Removes `key` and its value from the hash.
 *
 * @private
 * @name delete
 * @memberOf Hash
 * @param {Object} hash The hash to modify.
 * @param {string} key The key of the value to remove.
 * @returns {boolean} Returns `true` if the entry was removed, else `false`.
 */
function hashDelete(key) {
  return this.has(key) && delete this.__data__[key];
}

/**
 * Gets the hash value for `key`.
 *
 * @private
 * @name get
 * @memberOf Hash
 * @param {string} key The key of the value to get.
 * @returns {*} Returns the entry value.
 */
function hashGet(key) {
  var data = this.__data__;
  if (nativeCreate) {
    var result = data[key];
    return result === HASH_UNDEFINED ? undefined : result;
  }
  return hasOwnProperty.call(data, key) ? data[key] : undefined;
}

/**
 * Checks if a hash value for `key` exists.
 *
 * @private
 * @name has
 * @memberOf Hash
 * @param {string} key The key of the entry to check.
 * @returns {boolean} Returns `true` if an entry for `key` exists, else `false`.
 */
function hashHas(key) {
  var data = this.__data__;
  return nativeCreate ? data[key] !== undefined : hasOwnProperty.call(data, key);
}

/**
 * Sets the hash `key` to `value`.
 *
 * @private
 * @name set
 * @memberOf Hash
 * @param {string} key The key of the value to set.
 * @param {*} value The value to set.
 * @returns {Object} Returns the hash instance.
 */
function hashSet(key, value) {
  var data = this.__data__;
  data[key] = (nativeCreate && value === undefined) ? HASH_UNDEFINED : value;
  return this;
}

// Add methods to `Hash`.
Hash.prototype.clear = hashClear;
Hash.prototype['delete'] = hashDelete;
Hash.prototype.get = hashGet;
Hash.prototype.has = hashHas;
Hash.prototype.set = hashSet;

/**
 * Creates an list cache object.
 *
 * @private
 * @constructor
 * @param {Array} [entries] The key-value pairs to cache.
 */
function ListCache(entries) {
  var index = -1,
      length = entries ? entries.length : 0;

  this.clear();
  while (++index < length) {
    var entry = entries[index];
    this.set(entry[0], entry[1]);
  }
}

/**
 * Removes all key-value entries from the list cache.
 *
 * @private
 * @name clear
 * @memberOf ListCache
 */
function listCacheClear() {
  this.__data__ = [];
}

/**
 * Removes `key` and its value from the list cache.
 *
 * @private
 * @name delete
 * @memberOf ListCache
 * @param {string} key The key of the value to remove.
 * @returns {boolean} Returns `true` if the entry was removed, else `false`.
 */
function listCacheDelete(key) {
  var data = this.__data__,
      index = assocIndexOf(data, key);

  if (index < 0) {
    return false;
  }
  var lastIndex = data.length - 1;
  if (index == lastIndex) {
    data.pop();
  } else {
    splice.call(data, index, 1);
  }
  return true;
}

/**
 * Gets the list cache value for `key`.
 *
 * @private
 * @name get
 * @memberOf ListCache
 * @param {string} key The key of the value to get.
 * @returns {*} Returns the entry value.
 */
function listCacheGet(key) {
  var data = this.__data__,
      index = assocIndexOf(data, key);

  return index < 0 ? undefined : data[index][1];
}

/**
 * Checks if a list cache value for `key` exists.
 *
 * @private
 * @name has
 * @memberOf ListCache
 * @param {string} key The key of the entry to check.
 * @returns {boolean} Returns `true` if an entry for `key` exists, else `false`.
 */
function listCacheHas(key) {
  return assocIndexOf(this.__data__, key) > -1;
}

/**
 * Sets the list cache `key` to `value`.
 *
 * @private
 * @name set
 * @memberOf ListCache
 * @param {string} key The key of the value to set.
 * @param {*} value The value to set.
 * @returns {Object} Returns the list cache instance.
 */
function listCacheSet(key, value) {
  var data = this.__data__,
      index = assocIndexOf(data, key);

  if (index < 0) {
    data.push([key, value]);
  } else {
    data[index][1] = value;
  }
  return this;
}

// Add methods to `ListCache`.
ListCache.prototype.clear = listCacheClear;
ListCache.prototype['delete'] = listCacheDelete;
ListCache.prototype.get = listCacheGet;
ListCache.prototype.has = listCacheHas;
ListCache.prototype.set = listCacheSet;

/**
 * Creates a map cache object to store key-value pairs.
 *
 * @private
 * @constructor
 * @param {Array} [entries] The key-value pairs to cache.
 */
function MapCache(entries) {
  var index = -1,
      length = entries ? entries.length : 0;

  this.clear();
  while (++index < length) {
    var entry = entries[index];
    this.set(entry[0], entry[1]);
  }
}

/**
 * Removes all key-value entries from the map.
 *
 * @private
 * @name clear
 * @memberOf MapCache
 */
function mapCacheClear() {
  this.__data__ = {
    'hash': new Hash,
    'map': new (Map || ListCache),
    'string': new Hash
  };
}

/**
 * Removes `key` and its value from the map.
 *
 * @private
 * @name delete
 * @memberOf MapCache
 * @param {string} key The key of the value to remove.
 * @returns {boolean} Returns `true` if the entry was removed, else `false`.
 */
function mapCacheDelete(key) {
  return getMapData(this, key)['delete'](key);
}

/**
 * Gets the map value for `key`.
 *
 * @private
 * @name get
 * @memberOf MapCache
 * @param {string} key The key of the value to get.
 * @returns {*} Returns the entry value.
 */
function mapCacheGet(key) {
  return getMapData(this, key).get(key);
}

/**
 * Checks if a map value for `key` exists.
 *
 * @private
 * @name has
 * @memberOf MapCache
 * @param {string} key The key of the entry to check.
 * @returns {boolean} Returns `true` if an entry for `key` exists, else `false`.
 */
function mapCacheHas(key) {
  return getMapData(this, key).has(key);
}

/**
 * Sets the map `key` to `value`.
 *
 * @private
 * @name set
 * @memberOf MapCache
 * @param {string} key The key of the value to set.
 * @param {*} value The value to set.
 * @returns {Object} Returns the map cache instance.
 */
function mapCacheSet(key, value) {
  getMapData(this, key).set(key, value);
  return this;
}

// Add methods to `MapCache`.
MapCache.prototype.clear = mapCacheClear;
MapCache.prototype['delete'] = mapCacheDelete;
MapCache.prototype.get = mapCacheGet;
MapCache.prototype.has = mapCacheHas;
MapCache.prototype.set = mapCacheSet;

/**
 * Gets the index at which the `key` is found in `array` of key-value pairs.
 *
 * @private
 * @param {Array} array The array to search.
 * @param {*} key The key to search for.
 * @returns {number} Returns the index of the matched value, else `-1`.
 */
function assocIndexOf(array, key) {
  var length = array.length;
  while (length--) {
    if (eq(array[length][0], key)) {
      return length;
    }
  }
  return -1;
}

/**
 * Gets the data for `map`.
 *
 * @private
 * @param {Object} map The map to query.
 * @param {string} key The reference key.
 * @returns {*} Returns the map data.
 */
function getMapData(map, key) {
  var data = map.__data__;
  return isKeyable(key)
    ? data[typeof key == 'string' ? 'string' : 'hash']
    : data.map;
}

/**
 * Gets the native function at `key` of `object`.
 *
 * @private
 * @param {Object} object The object to query.
 * @param {string} key The key of the method to get.
 * @returns {*} Returns the function if it's native, else `undefined`.
 */
function getNative(object, key) {
  var value = object[key];
  return isNative(value) ? value : undefined;
}

/**
 * Checks if `value` is suitable for use as unique object key.
 *
 * @private
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is suitable, else `false`.
 */
function isKeyable(value) {
  var type = typeof value;
  return (type == 'string' || type == 'number' || type == 'symbol' || type == 'boolean')
    ? (value !== '__proto__')
    : (value === null);
}

/**
 * Converts `string` to a property path array.
 *
 * @private
 * @param {string} string The string to convert.
 * @returns {Array} Returns the property path array.
 */
var stringToPath = memoize(function(string) {
  var result = [];
  toString(string).replace(rePropName, function(match, number, quote, string) {
    result.push(quote ? string.replace(reEscapeChar, '$1') : (number || match));
  });
  return result;
});

/**
 * Converts `func` to its source code.
 *
 * @private
 * @param {Function} func The function to process.
 * @returns {string} Returns the source code.
 */
function toSource(func) {
  if (func != null) {
    try {
      return funcToString.call(func);
    } catch (e) {}
    try {
      return (func + '');
    } catch (e) {}
  }
  return '';
}

/**
 * Creates a function that memoizes the result of `func`. If `resolver` is
 * provided, it determines the cache key for storing the result based on the
 * arguments provided to the memoized function. By default, the first argument
 * provided to the memoized function is used as the map cache key. The `func`
 * is invoked with the `this` binding of the memoized function.
 *
 * **Note:** The cache is exposed as the `cache` property on the memoized
 * function. Its creation may be customized by replacing the `_.memoize.Cache`
 * constructor with one whose instances implement the
 * [`Map`](http://ecma-international.org/ecma-262/6.0/#sec-properties-of-the-map-prototype-object)
 * method interface of `delete`, `get`, `has`, and `set`.
 *
 * @static
 * @memberOf _
 * @since 0.1.0
 * @category Function
 * @param {Function} func The function to have its output memoized.
 * @param {Function} [resolver] The function to resolve the cache key.
 * @returns {Function} Returns the new memoized function.
 * @example
 *
 * var object = { 'a': 1, 'b': 2 };
 * var other = { 'c': 3, 'd': 4 };
 *
 * var values = _.memoize(_.values);
 * values(object);
 * // => [1, 2]
 *
 * values(other);
 * // => [3, 4]
 *
 * object.a = 2;
 * values(object);
 * // => [1, 2]
 *
 * // Modify the result cache.
 * values.cache.set(object, ['a', 'b']);
 * values(object);
 * // => ['a', 'b']
 *
 * // Replace `_.memoize.Cache`.
 * _.memoize.Cache = WeakMap;
 */
function memoize(func, resolver) {
  if (typeof func != 'function' || (resolver && typeof resolver != 'function')) {
    throw new TypeError(FUNC_ERROR_TEXT);
  }
  var memoized = function() {
    var args = arguments,
        key = resolver ? resolver.apply(this, args) : args[0],
        cache = memoized.cache;

    if (cache.has(key)) {
      return cache.get(key);
    }
    var result = func.apply(this, args);
    memoized.cache = cache.set(key, result);
    return result;
  };
  memoized.cache = new (memoize.Cache || MapCache);
  return memoized;
}

// Assign cache to `_.memoize`.
memoize.Cache = MapCache;

/**
 * Performs a
 * [`SameValueZero`](http://ecma-international.org/ecma-262/6.0/#sec-samevaluezero)
 * comparison between two values to determine if they are equivalent.
 *
 * @static
 * @memberOf _
 * @since 4.0.0
 * @category Lang
 * @param {*} value The value to compare.
 * @param {*} other The other value to compare.
 * @returns {boolean} Returns `true` if the values are equivalent, else `false`.
 * @example
 *
 * var object = { 'user': 'fred' };
 * var other = { 'user': 'fred' };
 *
 * _.eq(object, object);
 * // => true
 *
 * _.eq(object, other);
 * // => false
 *
 * _.eq('a', 'a');
 * // => true
 *
 * _.eq('a', Object('a'));
 * // => false
 *
 * _.eq(NaN, NaN);
 * // => true
 */
function eq(value, other) {
  return value === other || (value !== value && other !== other);
}

/**
 * Checks if `value` is classified as a `Function` object.
 *
 * @static
 * @memberOf _
 * @since 0.1.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is correctly classified,
 *  else `false`.
 * @example
 *
 * _.isFunction(_);
 * // => true
 *
 * _.isFunction(/abc/);
 * // => false
 */
function isFunction(value) {
  // The use of `Object#toString` avoids issues with the `typeof` operator
  // in Safari 8 which returns 'object' for typed array and weak map constructors,
  // and PhantomJS 1.9 which returns 'function' for `NodeList` instances.
  var tag = isObject(value) ? objectToString.call(value) : '';
  return tag == funcTag || tag == genTag;
}

/**
 * Checks if `value` is the
 * [language type](http://www.ecma-international.org/ecma-262/6.0/#sec-ecmascript-language-types)
 * of `Object`. (e.g. arrays, functions, objects, regexes, `new Number(0)`, and `new String('')`)
 *
 * @static
 * @memberOf _
 * @since 0.1.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is an object, else `false`.
 * @example
 *
 * _.isObject({});
 * // => true
 *
 * _.isObject([1, 2, 3]);
 * // => true
 *
 * _.isObject(_.noop);
 * // => true
 *
 * _.isObject(null);
 * // => false
 */
function isObject(value) {
  var type = typeof value;
  return !!value && (type == 'object' || type == 'function');
}

/**
 * Checks if `value` is a native function.
 *
 * @static
 * @memberOf _
 * @since 3.0.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is a native function,
 *  else `false`.
 * @example
 *
 * _.isNative(Array.prototype.push);
 * // => true
 *
 * _.isNative(_);
 * // => false
 */
function isNative(value) {
  if (!isObject(value)) {
    return false;
  }
  var pattern = (isFunction(value) || isHostObject(value)) ? reIsNative : reIsHostCtor;
  return pattern.test(toSource(value));
}

/**
 * Converts `value` to a string. An empty string is returned for `null`
 * and `undefined` values. The sign of `-0` is preserved.
 *
 * @static
 * @memberOf _
 * @since 4.0.0
 * @category Lang
 * @param {*} value The value to process.
 * @returns {string} Returns the string.
 * @example
 *
 * _.toString(null);
 * // => ''
 *
 * _.toString(-0);
 * // => '-0'
 *
 * _.toString([1, 2, 3]);
 * // => '1,2,3'
 */
function toString(value) {
  return value == null ? '' : baseToString(value);
}

module.exports = stringToPath;


/***/ }),

/***/ 5833:
/***/ ((module) => {

/**
 * lodash (Custom Build) <https://lodash.com/>
 * Build: `lodash modularize exports="npm" -o ./`
 * Copyright jQuery Foundation and other contributors <https://jquery.org/>
 * Released under MIT license <https://lodash.com/license>
 * Based on Underscore.js 1.8.3 <http://underscorejs.org/LICENSE>
 * Copyright Jeremy Ashkenas, DocumentCloud and Investigative Reporters & Editors
 */

/** Used as the `TypeError` message for "Functions" methods. */
var FUNC_ERROR_TEXT = 'Expected a function';

/** Used as references for various `Number` constants. */
var NAN = 0 / 0;

/** `Object#toString` result references. */
var symbolTag = '[object Symbol]';

/** Used to match leading and trailing whitespace. */
var reTrim = /^\s+|\s+$/g;

/** Used to detect bad signed hexadecimal string values. */
var reIsBadHex = /^[-+]0x[0-9a-f]+$/i;

/** Used to detect binary string values. */
var reIsBinary = /^0b[01]+$/i;

/** Used to detect octal string values. */
var reIsOctal = /^0o[0-7]+$/i;

/** Built-in method references without a dependency on `root`. */
var freeParseInt = parseInt;

/** Detect free variable `global` from Node.js. */
var freeGlobal = typeof global == 'object' && global && global.Object === Object && global;

/** Detect free variable `self`. */
var freeSelf = typeof self == 'object' && self && self.Object === Object && self;

/** Used as a reference to the global object. */
var root = freeGlobal || freeSelf || Function('return this')();

/** Used for built-in method references. */
var objectProto = Object.prototype;

/**
 * Used to resolve the
 * [`toStringTag`](http://ecma-international.org/ecma-262/7.0/#sec-object.prototype.tostring)
 * of values.
 */
var objectToString = objectProto.toString;

/* Built-in method references for those with the same name as other `lodash` methods. */
var nativeMax = Math.max,
    nativeMin = Math.min;

/**
 * Gets the timestamp of the number of milliseconds that have elapsed since
 * the Unix epoch (1 January 1970 00:00:00 UTC).
 *
 * @static
 * @memberOf _
 * @since 2.4.0
 * @category Date
 * @returns {number} Returns the timestamp.
 * @example
 *
 * _.defer(function(stamp) {
 *   console.log(_.now() - stamp);
 * }, _.now());
 * // => Logs the number of milliseconds it took for the deferred invocation.
 */
var now = function() {
  return root.Date.now();
};

/**
 * Creates a debounced function that delays invoking `func` until after `wait`
 * milliseconds have elapsed since the last time the debounced function was
 * invoked. The debounced function comes with a `cancel` method to cancel
 * delayed `func` invocations and a `flush` method to immediately invoke them.
 * Provide `options` to indicate whether `func` should be invoked on the
 * leading and/or trailing edge of the `wait` timeout. The `func` is invoked
 * with the last arguments provided to the debounced function. Subsequent
 * calls to the debounced function return the result of the last `func`
 * invocation.
 *
 * **Note:** If `leading` and `trailing` options are `true`, `func` is
 * invoked on the trailing edge of the timeout only if the debounced function
 * is invoked more than once during the `wait` timeout.
 *
 * If `wait` is `0` and `leading` is `false`, `func` invocation is deferred
 * until to the next tick, similar to `setTimeout` with a timeout of `0`.
 *
 * See [David Corbacho's article](https://css-tricks.com/debouncing-throttling-explained-examples/)
 * for details over the differences between `_.debounce` and `_.throttle`.
 *
 * @static
 * @memberOf _
 * @since 0.1.0
 * @category Function
 * @param {Function} func The function to debounce.
 * @param {number} [wait=0] The number of milliseconds to delay.
 * @param {Object} [options={}] The options object.
 * @param {boolean} [options.leading=false]
 *  Specify invoking on the leading edge of the timeout.
 * @param {number} [options.maxWait]
 *  The maximum time `func` is allowed to be delayed before it's invoked.
 * @param {boolean} [options.trailing=true]
 *  Specify invoking on the trailing edge of the timeout.
 * @returns {Function} Returns the new debounced function.
 * @example
 *
 * // Avoid costly calculations while the window size is in flux.
 * jQuery(window).on('resize', _.debounce(calculateLayout, 150));
 *
 * // Invoke `sendMail` when clicked, debouncing subsequent calls.
 * jQuery(element).on('click', _.debounce(sendMail, 300, {
 *   'leading': true,
 *   'trailing': false
 * }));
 *
 * // Ensure `batchLog` is invoked once after 1 second of debounced calls.
 * var debounced = _.debounce(batchLog, 250, { 'maxWait': 1000 });
 * var source = new EventSource('/stream');
 * jQuery(source).on('message', debounced);
 *
 * // Cancel the trailing debounced invocation.
 * jQuery(window).on('popstate', debounced.cancel);
 */
function debounce(func, wait, options) {
  var lastArgs,
      lastThis,
      maxWait,
      result,
      timerId,
      lastCallTime,
      lastInvokeTime = 0,
      leading = false,
      maxing = false,
      trailing = true;

  if (typeof func != 'function') {
    throw new TypeError(FUNC_ERROR_TEXT);
  }
  wait = toNumber(wait) || 0;
  if (isObject(options)) {
    leading = !!options.leading;
    maxing = 'maxWait' in options;
    maxWait = maxing ? nativeMax(toNumber(options.maxWait) || 0, wait) : maxWait;
    trailing = 'trailing' in options ? !!options.trailing : trailing;
  }

  function invokeFunc(time) {
    var args = lastArgs,
        thisArg = lastThis;

    lastArgs = lastThis = undefined;
    lastInvokeTime = time;
    result = func.apply(thisArg, args);
    return result;
  }

  function leadingEdge(time) {
    // Reset any `maxWait` timer.
    lastInvokeTime = time;
    // Start the timer for the trailing edge.
    timerId = setTimeout(timerExpired, wait);
    // Invoke the leading edge.
    return leading ? invokeFunc(time) : result;
  }

  function remainingWait(time) {
    var timeSinceLastCall = time - lastCallTime,
        timeSinceLastInvoke = time - lastInvokeTime,
        result = wait - timeSinceLastCall;

    return maxing ? nativeMin(result, maxWait - timeSinceLastInvoke) : result;
  }

  function shouldInvoke(time) {
    var timeSinceLastCall = time - lastCallTime,
        timeSinceLastInvoke = time - lastInvokeTime;

    // Either this is the first call, activity has stopped and we're at the
    // trailing edge, the system time has gone backwards and we're treating
    // it as the trailing edge, or we've hit the `maxWait` limit.
    return (lastCallTime === undefined || (timeSinceLastCall >= wait) ||
      (timeSinceLastCall < 0) || (maxing && timeSinceLastInvoke >= maxWait));
  }

  function timerExpired() {
    var time = now();
    if (shouldInvoke(time)) {
      return trailingEdge(time);
    }
    // Restart the timer.
    timerId = setTimeout(timerExpired, remainingWait(time));
  }

  function trailingEdge(time) {
    timerId = undefined;

    // Only invoke if we have `lastArgs` which means `func` has been
    // debounced at least once.
    if (trailing && lastArgs) {
      return invokeFunc(time);
    }
    lastArgs = lastThis = undefined;
    return result;
  }

  function cancel() {
    if (timerId !== undefined) {
      clearTimeout(timerId);
    }
    lastInvokeTime = 0;
    lastArgs = lastCallTime = lastThis = timerId = undefined;
  }

  function flush() {
    return timerId === undefined ? result : trailingEdge(now());
  }

  function debounced() {
    var time = now(),
        isInvoking = shouldInvoke(time);

    lastArgs = arguments;
    lastThis = this;
    lastCallTime = time;

    if (isInvoking) {
      if (timerId === undefined) {
        return leadingEdge(lastCallTime);
      }
      if (maxing) {
        // Handle invocations in a tight loop.
        timerId = setTimeout(timerExpired, wait);
        return invokeFunc(lastCallTime);
      }
    }
    if (timerId === undefined) {
      timerId = setTimeout(timerExpired, wait);
    }
    return result;
  }
  debounced.cancel = cancel;
  debounced.flush = flush;
  return debounced;
}

/**
 * Creates a throttled function that only invokes `func` at most once per
 * every `wait` milliseconds. The throttled function comes with a `cancel`
 * method to cancel delayed `func` invocations and a `flush` method to
 * immediately invoke them. Provide `options` to indicate whether `func`
 * should be invoked on the leading and/or trailing edge of the `wait`
 * timeout. The `func` is invoked with the last arguments provided to the
 * throttled function. Subsequent calls to the throttled function return the
 * result of the last `func` invocation.
 *
 * **Note:** If `leading` and `trailing` options are `true`, `func` is
 * invoked on the trailing edge of the timeout only if the throttled function
 * is invoked more than once during the `wait` timeout.
 *
 * If `wait` is `0` and `leading` is `false`, `func` invocation is deferred
 * until to the next tick, similar to `setTimeout` with a timeout of `0`.
 *
 * See [David Corbacho's article](https://css-tricks.com/debouncing-throttling-explained-examples/)
 * for details over the differences between `_.throttle` and `_.debounce`.
 *
 * @static
 * @memberOf _
 * @since 0.1.0
 * @category Function
 * @param {Function} func The function to throttle.
 * @param {number} [wait=0] The number of milliseconds to throttle invocations to.
 * @param {Object} [options={}] The options object.
 * @param {boolean} [options.leading=true]
 *  Specify invoking on the leading edge of the timeout.
 * @param {boolean} [options.trailing=true]
 *  Specify invoking on the trailing edge of the timeout.
 * @returns {Function} Returns the new throttled function.
 * @example
 *
 * // Avoid excessively updating the position while scrolling.
 * jQuery(window).on('scroll', _.throttle(updatePosition, 100));
 *
 * // Invoke `renewToken` when the click event is fired, but not more than once every 5 minutes.
 * var throttled = _.throttle(renewToken, 300000, { 'trailing': false });
 * jQuery(element).on('click', throttled);
 *
 * // Cancel the trailing throttled invocation.
 * jQuery(window).on('popstate', throttled.cancel);
 */
function throttle(func, wait, options) {
  var leading = true,
      trailing = true;

  if (typeof func != 'function') {
    throw new TypeError(FUNC_ERROR_TEXT);
  }
  if (isObject(options)) {
    leading = 'leading' in options ? !!options.leading : leading;
    trailing = 'trailing' in options ? !!options.trailing : trailing;
  }
  return debounce(func, wait, {
    'leading': leading,
    'maxWait': wait,
    'trailing': trailing
  });
}

/**
 * Checks if `value` is the
 * [language type](http://www.ecma-international.org/ecma-262/7.0/#sec-ecmascript-language-types)
 * of `Object`. (e.g. arrays, functions, objects, regexes, `new Number(0)`, and `new String('')`)
 *
 * @static
 * @memberOf _
 * @since 0.1.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is an object, else `false`.
 * @example
 *
 * _.isObject({});
 * // => true
 *
 * _.isObject([1, 2, 3]);
 * // => true
 *
 * _.isObject(_.noop);
 * // => true
 *
 * _.isObject(null);
 * // => false
 */
function isObject(value) {
  var type = typeof value;
  return !!value && (type == 'object' || type == 'function');
}

/**
 * Checks if `value` is object-like. A value is object-like if it's not `null`
 * and has a `typeof` result of "object".
 *
 * @static
 * @memberOf _
 * @since 4.0.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is object-like, else `false`.
 * @example
 *
 * _.isObjectLike({});
 * // => true
 *
 * _.isObjectLike([1, 2, 3]);
 * // => true
 *
 * _.isObjectLike(_.noop);
 * // => false
 *
 * _.isObjectLike(null);
 * // => false
 */
function isObjectLike(value) {
  return !!value && typeof value == 'object';
}

/**
 * Checks if `value` is classified as a `Symbol` primitive or object.
 *
 * @static
 * @memberOf _
 * @since 4.0.0
 * @category Lang
 * @param {*} value The value to check.
 * @returns {boolean} Returns `true` if `value` is a symbol, else `false`.
 * @example
 *
 * _.isSymbol(Symbol.iterator);
 * // => true
 *
 * _.isSymbol('abc');
 * // => false
 */
function isSymbol(value) {
  return typeof value == 'symbol' ||
    (isObjectLike(value) && objectToString.call(value) == symbolTag);
}

/**
 * Converts `value` to a number.
 *
 * @static
 * @memberOf _
 * @since 4.0.0
 * @category Lang
 * @param {*} value The value to process.
 * @returns {number} Returns the number.
 * @example
 *
 * _.toNumber(3.2);
 * // => 3.2
 *
 * _.toNumber(Number.MIN_VALUE);
 * // => 5e-324
 *
 * _.toNumber(Infinity);
 * // => Infinity
 *
 * _.toNumber('3.2');
 * // => 3.2
 */
function toNumber(value) {
  if (typeof value == 'number') {
    return value;
  }
  if (isSymbol(value)) {
    return NAN;
  }
  if (isObject(value)) {
    var other = typeof value.valueOf == 'function' ? value.valueOf() : value;
    value = isObject(other) ? (other + '') : other;
  }
  if (typeof value != 'string') {
    return value === 0 ? value : +value;
  }
  value = value.replace(reTrim, '');
  var isBinary = reIsBinary.test(value);
  return (isBinary || reIsOctal.test(value))
    ? freeParseInt(value.slice(2), isBinary ? 2 : 8)
    : (reIsBadHex.test(value) ? NAN : +value);
}

module.exports = throttle;


/***/ }),

/***/ 9169:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

/**
 * lodash (Custom Build) <https://lodash.com/>
 * Build: `lodash modularize exports="npm" -o ./`
 * Copyright jQuery Foundation and other contributors <https://jquery.org/>
 * Released under MIT license <https://lodash.com/license>
 * Based on Underscore.js 1.8.3 <http://underscorejs.org/LICENSE>
 * Copyright Jeremy Ashkenas, DocumentCloud and Investigative Reporters & Editors
 */
var baseIteratee = __nccwpck_require__(3130),
    baseUniq = __nccwpck_require__(6266);

/**
 * This method is like `_.uniq` except that it accepts `iteratee` which is
 * invoked for each element in `array` to generate the criterion by which
 * uniqueness is computed. The iteratee is invoked with one argument: (value).
 *
 * @static
 * @memberOf _
 * @since 4.0.0
 * @category Array
 * @param {Array} array The array to inspect.
 * @param {Array|Function|Object|string} [iteratee=_.identity]
 *  The iteratee invoked per element.
 * @returns {Array} Returns the new duplicate free array.
 * @example
 *
 * _.uniqBy([2.1, 1.2, 2.3], Math.floor);
 * // => [2.1, 1.2]
 *
 * // The `_.property` iteratee shorthand.
 * _.uniqBy([{ 'x': 1 }, { 'x': 2 }, { 'x': 1 }], 'x');
 * // => [{ 'x': 1 }, { 'x': 2 }]
 */
function uniqBy(array, iteratee) {
  return (array && array.length)
    ? baseUniq(array, baseIteratee(iteratee))
    : [];
}

module.exports = uniqBy;


/***/ }),

/***/ 3648:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const lockfile = __nccwpck_require__(743);
const { toPromise, toSync, toSyncOptions } = __nccwpck_require__(3271);

async function lock(file, options) {
    const release = await toPromise(lockfile.lock)(file, options);

    return toPromise(release);
}

function lockSync(file, options) {
    const release = toSync(lockfile.lock)(file, toSyncOptions(options));

    return toSync(release);
}

function unlock(file, options) {
    return toPromise(lockfile.unlock)(file, options);
}

function unlockSync(file, options) {
    return toSync(lockfile.unlock)(file, toSyncOptions(options));
}

function check(file, options) {
    return toPromise(lockfile.check)(file, options);
}

function checkSync(file, options) {
    return toSync(lockfile.check)(file, toSyncOptions(options));
}

module.exports = lock;
module.exports.lock = lock;
module.exports.unlock = unlock;
module.exports.lockSync = lockSync;
module.exports.unlockSync = unlockSync;
module.exports.check = check;
module.exports.checkSync = checkSync;


/***/ }),

/***/ 3271:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const fs = __nccwpck_require__(5744);

function createSyncFs(fs) {
    const methods = ['mkdir', 'realpath', 'stat', 'rmdir', 'utimes'];
    const newFs = { ...fs };

    methods.forEach((method) => {
        newFs[method] = (...args) => {
            const callback = args.pop();
            let ret;

            try {
                ret = fs[`${method}Sync`](...args);
            } catch (err) {
                return callback(err);
            }

            callback(null, ret);
        };
    });

    return newFs;
}

// ----------------------------------------------------------

function toPromise(method) {
    return (...args) => new Promise((resolve, reject) => {
        args.push((err, result) => {
            if (err) {
                reject(err);
            } else {
                resolve(result);
            }
        });

        method(...args);
    });
}

function toSync(method) {
    return (...args) => {
        let err;
        let result;

        args.push((_err, _result) => {
            err = _err;
            result = _result;
        });

        method(...args);

        if (err) {
            throw err;
        }

        return result;
    };
}

function toSyncOptions(options) {
    // Shallow clone options because we are oging to mutate them
    options = { ...options };

    // Transform fs to use the sync methods instead
    options.fs = createSyncFs(options.fs || fs);

    // Retries are not allowed because it requires the flow to be sync
    if (
        (typeof options.retries === 'number' && options.retries > 0) ||
        (options.retries && typeof options.retries.retries === 'number' && options.retries.retries > 0)
    ) {
        throw Object.assign(new Error('Cannot use retries with the sync api'), { code: 'ESYNC' });
    }

    return options;
}

module.exports = {
    toPromise,
    toSync,
    toSyncOptions,
};


/***/ }),

/***/ 743:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const path = __nccwpck_require__(6928);
const fs = __nccwpck_require__(5744);
const retry = __nccwpck_require__(5546);
const onExit = __nccwpck_require__(6627);
const mtimePrecision = __nccwpck_require__(4747);

const locks = {};

function getLockFile(file, options) {
    return options.lockfilePath || `${file}.lock`;
}

function resolveCanonicalPath(file, options, callback) {
    if (!options.realpath) {
        return callback(null, path.resolve(file));
    }

    // Use realpath to resolve symlinks
    // It also resolves relative paths
    options.fs.realpath(file, callback);
}

function acquireLock(file, options, callback) {
    const lockfilePath = getLockFile(file, options);

    // Use mkdir to create the lockfile (atomic operation)
    options.fs.mkdir(lockfilePath, (err) => {
        if (!err) {
            // At this point, we acquired the lock!
            // Probe the mtime precision
            return mtimePrecision.probe(lockfilePath, options.fs, (err, mtime, mtimePrecision) => {
                // If it failed, try to remove the lock..
                /* istanbul ignore if */
                if (err) {
                    options.fs.rmdir(lockfilePath, () => {});

                    return callback(err);
                }

                callback(null, mtime, mtimePrecision);
            });
        }

        // If error is not EEXIST then some other error occurred while locking
        if (err.code !== 'EEXIST') {
            return callback(err);
        }

        // Otherwise, check if lock is stale by analyzing the file mtime
        if (options.stale <= 0) {
            return callback(Object.assign(new Error('Lock file is already being held'), { code: 'ELOCKED', file }));
        }

        options.fs.stat(lockfilePath, (err, stat) => {
            if (err) {
                // Retry if the lockfile has been removed (meanwhile)
                // Skip stale check to avoid recursiveness
                if (err.code === 'ENOENT') {
                    return acquireLock(file, { ...options, stale: 0 }, callback);
                }

                return callback(err);
            }

            if (!isLockStale(stat, options)) {
                return callback(Object.assign(new Error('Lock file is already being held'), { code: 'ELOCKED', file }));
            }

            // If it's stale, remove it and try again!
            // Skip stale check to avoid recursiveness
            removeLock(file, options, (err) => {
                if (err) {
                    return callback(err);
                }

                acquireLock(file, { ...options, stale: 0 }, callback);
            });
        });
    });
}

function isLockStale(stat, options) {
    return stat.mtime.getTime() < Date.now() - options.stale;
}

function removeLock(file, options, callback) {
    // Remove lockfile, ignoring ENOENT errors
    options.fs.rmdir(getLockFile(file, options), (err) => {
        if (err && err.code !== 'ENOENT') {
            return callback(err);
        }

        callback();
    });
}

function updateLock(file, options) {
    const lock = locks[file];

    // Just for safety, should never happen
    /* istanbul ignore if */
    if (lock.updateTimeout) {
        return;
    }

    lock.updateDelay = lock.updateDelay || options.update;
    lock.updateTimeout = setTimeout(() => {
        lock.updateTimeout = null;

        // Stat the file to check if mtime is still ours
        // If it is, we can still recover from a system sleep or a busy event loop
        options.fs.stat(lock.lockfilePath, (err, stat) => {
            const isOverThreshold = lock.lastUpdate + options.stale < Date.now();

            // If it failed to update the lockfile, keep trying unless
            // the lockfile was deleted or we are over the threshold
            if (err) {
                if (err.code === 'ENOENT' || isOverThreshold) {
                    return setLockAsCompromised(file, lock, Object.assign(err, { code: 'ECOMPROMISED' }));
                }

                lock.updateDelay = 1000;

                return updateLock(file, options);
            }

            const isMtimeOurs = lock.mtime.getTime() === stat.mtime.getTime();

            if (!isMtimeOurs) {
                return setLockAsCompromised(
                    file,
                    lock,
                    Object.assign(
                        new Error('Unable to update lock within the stale threshold'),
                        { code: 'ECOMPROMISED' }
                    ));
            }

            const mtime = mtimePrecision.getMtime(lock.mtimePrecision);

            options.fs.utimes(lock.lockfilePath, mtime, mtime, (err) => {
                const isOverThreshold = lock.lastUpdate + options.stale < Date.now();

                // Ignore if the lock was released
                if (lock.released) {
                    return;
                }

                // If it failed to update the lockfile, keep trying unless
                // the lockfile was deleted or we are over the threshold
                if (err) {
                    if (err.code === 'ENOENT' || isOverThreshold) {
                        return setLockAsCompromised(file, lock, Object.assign(err, { code: 'ECOMPROMISED' }));
                    }

                    lock.updateDelay = 1000;

                    return updateLock(file, options);
                }

                // All ok, keep updating..
                lock.mtime = mtime;
                lock.lastUpdate = Date.now();
                lock.updateDelay = null;
                updateLock(file, options);
            });
        });
    }, lock.updateDelay);

    // Unref the timer so that the nodejs process can exit freely
    // This is safe because all acquired locks will be automatically released
    // on process exit

    // We first check that `lock.updateTimeout.unref` exists because some users
    // may be using this module outside of NodeJS (e.g., in an electron app),
    // and in those cases `setTimeout` return an integer.
    /* istanbul ignore else */
    if (lock.updateTimeout.unref) {
        lock.updateTimeout.unref();
    }
}

function setLockAsCompromised(file, lock, err) {
    // Signal the lock has been released
    lock.released = true;

    // Cancel lock mtime update
    // Just for safety, at this point updateTimeout should be null
    /* istanbul ignore if */
    if (lock.updateTimeout) {
        clearTimeout(lock.updateTimeout);
    }

    if (locks[file] === lock) {
        delete locks[file];
    }

    lock.options.onCompromised(err);
}

// ----------------------------------------------------------

function lock(file, options, callback) {
    /* istanbul ignore next */
    options = {
        stale: 10000,
        update: null,
        realpath: true,
        retries: 0,
        fs,
        onCompromised: (err) => { throw err; },
        ...options,
    };

    options.retries = options.retries || 0;
    options.retries = typeof options.retries === 'number' ? { retries: options.retries } : options.retries;
    options.stale = Math.max(options.stale || 0, 2000);
    options.update = options.update == null ? options.stale / 2 : options.update || 0;
    options.update = Math.max(Math.min(options.update, options.stale / 2), 1000);

    // Resolve to a canonical file path
    resolveCanonicalPath(file, options, (err, file) => {
        if (err) {
            return callback(err);
        }

        // Attempt to acquire the lock
        const operation = retry.operation(options.retries);

        operation.attempt(() => {
            acquireLock(file, options, (err, mtime, mtimePrecision) => {
                if (operation.retry(err)) {
                    return;
                }

                if (err) {
                    return callback(operation.mainError());
                }

                // We now own the lock
                const lock = locks[file] = {
                    lockfilePath: getLockFile(file, options),
                    mtime,
                    mtimePrecision,
                    options,
                    lastUpdate: Date.now(),
                };

                // We must keep the lock fresh to avoid staleness
                updateLock(file, options);

                callback(null, (releasedCallback) => {
                    if (lock.released) {
                        return releasedCallback &&
                            releasedCallback(Object.assign(new Error('Lock is already released'), { code: 'ERELEASED' }));
                    }

                    // Not necessary to use realpath twice when unlocking
                    unlock(file, { ...options, realpath: false }, releasedCallback);
                });
            });
        });
    });
}

function unlock(file, options, callback) {
    options = {
        fs,
        realpath: true,
        ...options,
    };

    // Resolve to a canonical file path
    resolveCanonicalPath(file, options, (err, file) => {
        if (err) {
            return callback(err);
        }

        // Skip if the lock is not acquired
        const lock = locks[file];

        if (!lock) {
            return callback(Object.assign(new Error('Lock is not acquired/owned by you'), { code: 'ENOTACQUIRED' }));
        }

        lock.updateTimeout && clearTimeout(lock.updateTimeout); // Cancel lock mtime update
        lock.released = true; // Signal the lock has been released
        delete locks[file]; // Delete from locks

        removeLock(file, options, callback);
    });
}

function check(file, options, callback) {
    options = {
        stale: 10000,
        realpath: true,
        fs,
        ...options,
    };

    options.stale = Math.max(options.stale || 0, 2000);

    // Resolve to a canonical file path
    resolveCanonicalPath(file, options, (err, file) => {
        if (err) {
            return callback(err);
        }

        // Check if lockfile exists
        options.fs.stat(getLockFile(file, options), (err, stat) => {
            if (err) {
                // If does not exist, file is not locked. Otherwise, callback with error
                return err.code === 'ENOENT' ? callback(null, false) : callback(err);
            }

            // Otherwise, check if lock is stale by analyzing the file mtime
            return callback(null, !isLockStale(stat, options));
        });
    });
}

function getLocks() {
    return locks;
}

// Remove acquired locks on exit
/* istanbul ignore next */
onExit(() => {
    for (const file in locks) {
        const options = locks[file].options;

        try { options.fs.rmdirSync(getLockFile(file, options)); } catch (e) { /* Empty */ }
    }
});

module.exports.lock = lock;
module.exports.unlock = unlock;
module.exports.check = check;
module.exports.getLocks = getLocks;


/***/ }),

/***/ 4747:
/***/ ((module) => {



const cacheSymbol = Symbol();

function probe(file, fs, callback) {
    const cachedPrecision = fs[cacheSymbol];

    if (cachedPrecision) {
        return fs.stat(file, (err, stat) => {
            /* istanbul ignore if */
            if (err) {
                return callback(err);
            }

            callback(null, stat.mtime, cachedPrecision);
        });
    }

    // Set mtime by ceiling Date.now() to seconds + 5ms so that it's "not on the second"
    const mtime = new Date((Math.ceil(Date.now() / 1000) * 1000) + 5);

    fs.utimes(file, mtime, mtime, (err) => {
        /* istanbul ignore if */
        if (err) {
            return callback(err);
        }

        fs.stat(file, (err, stat) => {
            /* istanbul ignore if */
            if (err) {
                return callback(err);
            }

            const precision = stat.mtime.getTime() % 1000 === 0 ? 's' : 'ms';

            // Cache the precision in a non-enumerable way
            Object.defineProperty(fs, cacheSymbol, { value: precision });

            callback(null, stat.mtime, precision);
        });
    });
}

function getMtime(precision) {
    let now = Date.now();

    if (precision === 's') {
        now = Math.ceil(now / 1000) * 1000;
    }

    return new Date(now);
}

module.exports.probe = probe;
module.exports.getMtime = getMtime;


/***/ }),

/***/ 617:
/***/ ((__unused_webpack_module, exports) => {



var has = Object.prototype.hasOwnProperty
  , undef;

/**
 * Decode a URI encoded string.
 *
 * @param {String} input The URI encoded string.
 * @returns {String|Null} The decoded string.
 * @api private
 */
function decode(input) {
  try {
    return decodeURIComponent(input.replace(/\+/g, ' '));
  } catch (e) {
    return null;
  }
}

/**
 * Attempts to encode a given input.
 *
 * @param {String} input The string that needs to be encoded.
 * @returns {String|Null} The encoded string.
 * @api private
 */
function encode(input) {
  try {
    return encodeURIComponent(input);
  } catch (e) {
    return null;
  }
}

/**
 * Simple query string parser.
 *
 * @param {String} query The query string that needs to be parsed.
 * @returns {Object}
 * @api public
 */
function querystring(query) {
  var parser = /([^=?#&]+)=?([^&]*)/g
    , result = {}
    , part;

  while (part = parser.exec(query)) {
    var key = decode(part[1])
      , value = decode(part[2]);

    //
    // Prevent overriding of existing properties. This ensures that build-in
    // methods like `toString` or __proto__ are not overriden by malicious
    // querystrings.
    //
    // In the case if failed decoding, we want to omit the key/value pairs
    // from the result.
    //
    if (key === null || value === null || key in result) continue;
    result[key] = value;
  }

  return result;
}

/**
 * Transform a query string to an object.
 *
 * @param {Object} obj Object that should be transformed.
 * @param {String} prefix Optional prefix.
 * @returns {String}
 * @api public
 */
function querystringify(obj, prefix) {
  prefix = prefix || '';

  var pairs = []
    , value
    , key;

  //
  // Optionally prefix with a '?' if needed
  //
  if ('string' !== typeof prefix) prefix = '?';

  for (key in obj) {
    if (has.call(obj, key)) {
      value = obj[key];

      //
      // Edge cases where we actually want to encode the value to an empty
      // string instead of the stringified value.
      //
      if (!value && (value === null || value === undef || isNaN(value))) {
        value = '';
      }

      key = encode(key);
      value = encode(value);

      //
      // If we failed to encode the strings, we should bail out as we don't
      // want to add invalid strings to the query.
      //
      if (key === null || value === null) continue;
      pairs.push(key +'='+ value);
    }
  }

  return pairs.length ? prefix + pairs.join('&') : '';
}

//
// Expose the module.
//
exports.stringify = querystringify;
exports.parse = querystring;


/***/ }),

/***/ 6120:
/***/ ((module) => {



/**
 * Check if we're required to add a port number.
 *
 * @see https://url.spec.whatwg.org/#default-port
 * @param {Number|String} port Port number we need to check
 * @param {String} protocol Protocol we need to check against.
 * @returns {Boolean} Is it a default port for the given protocol
 * @api private
 */
module.exports = function required(port, protocol) {
  protocol = protocol.split(':')[0];
  port = +port;

  if (!port) return false;

  switch (protocol) {
    case 'http':
    case 'ws':
    return port !== 80;

    case 'https':
    case 'wss':
    return port !== 443;

    case 'ftp':
    return port !== 21;

    case 'gopher':
    return port !== 70;

    case 'file':
    return false;
  }

  return port !== 0;
};


/***/ }),

/***/ 5546:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

module.exports = __nccwpck_require__(7084);

/***/ }),

/***/ 7084:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

var RetryOperation = __nccwpck_require__(9538);

exports.operation = function(options) {
  var timeouts = exports.timeouts(options);
  return new RetryOperation(timeouts, {
      forever: options && options.forever,
      unref: options && options.unref,
      maxRetryTime: options && options.maxRetryTime
  });
};

exports.timeouts = function(options) {
  if (options instanceof Array) {
    return [].concat(options);
  }

  var opts = {
    retries: 10,
    factor: 2,
    minTimeout: 1 * 1000,
    maxTimeout: Infinity,
    randomize: false
  };
  for (var key in options) {
    opts[key] = options[key];
  }

  if (opts.minTimeout > opts.maxTimeout) {
    throw new Error('minTimeout is greater than maxTimeout');
  }

  var timeouts = [];
  for (var i = 0; i < opts.retries; i++) {
    timeouts.push(this.createTimeout(i, opts));
  }

  if (options && options.forever && !timeouts.length) {
    timeouts.push(this.createTimeout(i, opts));
  }

  // sort the array numerically ascending
  timeouts.sort(function(a,b) {
    return a - b;
  });

  return timeouts;
};

exports.createTimeout = function(attempt, opts) {
  var random = (opts.randomize)
    ? (Math.random() + 1)
    : 1;

  var timeout = Math.round(random * opts.minTimeout * Math.pow(opts.factor, attempt));
  timeout = Math.min(timeout, opts.maxTimeout);

  return timeout;
};

exports.wrap = function(obj, options, methods) {
  if (options instanceof Array) {
    methods = options;
    options = null;
  }

  if (!methods) {
    methods = [];
    for (var key in obj) {
      if (typeof obj[key] === 'function') {
        methods.push(key);
      }
    }
  }

  for (var i = 0; i < methods.length; i++) {
    var method   = methods[i];
    var original = obj[method];

    obj[method] = function retryWrapper(original) {
      var op       = exports.operation(options);
      var args     = Array.prototype.slice.call(arguments, 1);
      var callback = args.pop();

      args.push(function(err) {
        if (op.retry(err)) {
          return;
        }
        if (err) {
          arguments[0] = op.mainError();
        }
        callback.apply(this, arguments);
      });

      op.attempt(function() {
        original.apply(obj, args);
      });
    }.bind(obj, original);
    obj[method].options = options;
  }
};


/***/ }),

/***/ 9538:
/***/ ((module) => {

function RetryOperation(timeouts, options) {
  // Compatibility for the old (timeouts, retryForever) signature
  if (typeof options === 'boolean') {
    options = { forever: options };
  }

  this._originalTimeouts = JSON.parse(JSON.stringify(timeouts));
  this._timeouts = timeouts;
  this._options = options || {};
  this._maxRetryTime = options && options.maxRetryTime || Infinity;
  this._fn = null;
  this._errors = [];
  this._attempts = 1;
  this._operationTimeout = null;
  this._operationTimeoutCb = null;
  this._timeout = null;
  this._operationStart = null;

  if (this._options.forever) {
    this._cachedTimeouts = this._timeouts.slice(0);
  }
}
module.exports = RetryOperation;

RetryOperation.prototype.reset = function() {
  this._attempts = 1;
  this._timeouts = this._originalTimeouts;
}

RetryOperation.prototype.stop = function() {
  if (this._timeout) {
    clearTimeout(this._timeout);
  }

  this._timeouts       = [];
  this._cachedTimeouts = null;
};

RetryOperation.prototype.retry = function(err) {
  if (this._timeout) {
    clearTimeout(this._timeout);
  }

  if (!err) {
    return false;
  }
  var currentTime = new Date().getTime();
  if (err && currentTime - this._operationStart >= this._maxRetryTime) {
    this._errors.unshift(new Error('RetryOperation timeout occurred'));
    return false;
  }

  this._errors.push(err);

  var timeout = this._timeouts.shift();
  if (timeout === undefined) {
    if (this._cachedTimeouts) {
      // retry forever, only keep last error
      this._errors.splice(this._errors.length - 1, this._errors.length);
      this._timeouts = this._cachedTimeouts.slice(0);
      timeout = this._timeouts.shift();
    } else {
      return false;
    }
  }

  var self = this;
  var timer = setTimeout(function() {
    self._attempts++;

    if (self._operationTimeoutCb) {
      self._timeout = setTimeout(function() {
        self._operationTimeoutCb(self._attempts);
      }, self._operationTimeout);

      if (self._options.unref) {
          self._timeout.unref();
      }
    }

    self._fn(self._attempts);
  }, timeout);

  if (this._options.unref) {
      timer.unref();
  }

  return true;
};

RetryOperation.prototype.attempt = function(fn, timeoutOps) {
  this._fn = fn;

  if (timeoutOps) {
    if (timeoutOps.timeout) {
      this._operationTimeout = timeoutOps.timeout;
    }
    if (timeoutOps.cb) {
      this._operationTimeoutCb = timeoutOps.cb;
    }
  }

  var self = this;
  if (this._operationTimeoutCb) {
    this._timeout = setTimeout(function() {
      self._operationTimeoutCb();
    }, self._operationTimeout);
  }

  this._operationStart = new Date().getTime();

  this._fn(this._attempts);
};

RetryOperation.prototype.try = function(fn) {
  console.log('Using RetryOperation.try() is deprecated');
  this.attempt(fn);
};

RetryOperation.prototype.start = function(fn) {
  console.log('Using RetryOperation.start() is deprecated');
  this.attempt(fn);
};

RetryOperation.prototype.start = RetryOperation.prototype.try;

RetryOperation.prototype.errors = function() {
  return this._errors;
};

RetryOperation.prototype.attempts = function() {
  return this._attempts;
};

RetryOperation.prototype.mainError = function() {
  if (this._errors.length === 0) {
    return null;
  }

  var counts = {};
  var mainError = null;
  var mainErrorCount = 0;

  for (var i = 0; i < this._errors.length; i++) {
    var error = this._errors[i];
    var message = error.message;
    var count = (counts[message] || 0) + 1;

    counts[message] = count;

    if (count >= mainErrorCount) {
      mainError = error;
      mainErrorCount = count;
    }
  }

  return mainError;
};


/***/ }),

/***/ 9379:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const ANY = Symbol('SemVer ANY')
// hoisted class for cyclic dependency
class Comparator {
  static get ANY () {
    return ANY
  }

  constructor (comp, options) {
    options = parseOptions(options)

    if (comp instanceof Comparator) {
      if (comp.loose === !!options.loose) {
        return comp
      } else {
        comp = comp.value
      }
    }

    comp = comp.trim().split(/\s+/).join(' ')
    debug('comparator', comp, options)
    this.options = options
    this.loose = !!options.loose
    this.parse(comp)

    if (this.semver === ANY) {
      this.value = ''
    } else {
      this.value = this.operator + this.semver.version
    }

    debug('comp', this)
  }

  parse (comp) {
    const r = this.options.loose ? re[t.COMPARATORLOOSE] : re[t.COMPARATOR]
    const m = comp.match(r)

    if (!m) {
      throw new TypeError(`Invalid comparator: ${comp}`)
    }

    this.operator = m[1] !== undefined ? m[1] : ''
    if (this.operator === '=') {
      this.operator = ''
    }

    // if it literally is just '>' or '' then allow anything.
    if (!m[2]) {
      this.semver = ANY
    } else {
      this.semver = new SemVer(m[2], this.options.loose)
    }
  }

  toString () {
    return this.value
  }

  test (version) {
    debug('Comparator.test', version, this.options.loose)

    if (this.semver === ANY || version === ANY) {
      return true
    }

    if (typeof version === 'string') {
      try {
        version = new SemVer(version, this.options)
      } catch (er) {
        return false
      }
    }

    return cmp(version, this.operator, this.semver, this.options)
  }

  intersects (comp, options) {
    if (!(comp instanceof Comparator)) {
      throw new TypeError('a Comparator is required')
    }

    if (this.operator === '') {
      if (this.value === '') {
        return true
      }
      return new Range(comp.value, options).test(this.value)
    } else if (comp.operator === '') {
      if (comp.value === '') {
        return true
      }
      return new Range(this.value, options).test(comp.semver)
    }

    options = parseOptions(options)

    // Special cases where nothing can possibly be lower
    if (options.includePrerelease &&
      (this.value === '<0.0.0-0' || comp.value === '<0.0.0-0')) {
      return false
    }
    if (!options.includePrerelease &&
      (this.value.startsWith('<0.0.0') || comp.value.startsWith('<0.0.0'))) {
      return false
    }

    // Same direction increasing (> or >=)
    if (this.operator.startsWith('>') && comp.operator.startsWith('>')) {
      return true
    }
    // Same direction decreasing (< or <=)
    if (this.operator.startsWith('<') && comp.operator.startsWith('<')) {
      return true
    }
    // same SemVer and both sides are inclusive (<= or >=)
    if (
      (this.semver.version === comp.semver.version) &&
      this.operator.includes('=') && comp.operator.includes('=')) {
      return true
    }
    // opposite directions less than
    if (cmp(this.semver, '<', comp.semver, options) &&
      this.operator.startsWith('>') && comp.operator.startsWith('<')) {
      return true
    }
    // opposite directions greater than
    if (cmp(this.semver, '>', comp.semver, options) &&
      this.operator.startsWith('<') && comp.operator.startsWith('>')) {
      return true
    }
    return false
  }
}

module.exports = Comparator

const parseOptions = __nccwpck_require__(356)
const { safeRe: re, t } = __nccwpck_require__(5471)
const cmp = __nccwpck_require__(8646)
const debug = __nccwpck_require__(1159)
const SemVer = __nccwpck_require__(7163)
const Range = __nccwpck_require__(6782)


/***/ }),

/***/ 6782:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SPACE_CHARACTERS = /\s+/g

// hoisted class for cyclic dependency
class Range {
  constructor (range, options) {
    options = parseOptions(options)

    if (range instanceof Range) {
      if (
        range.loose === !!options.loose &&
        range.includePrerelease === !!options.includePrerelease
      ) {
        return range
      } else {
        return new Range(range.raw, options)
      }
    }

    if (range instanceof Comparator) {
      // just put it in the set and return
      this.raw = range.value
      this.set = [[range]]
      this.formatted = undefined
      return this
    }

    this.options = options
    this.loose = !!options.loose
    this.includePrerelease = !!options.includePrerelease

    // First reduce all whitespace as much as possible so we do not have to rely
    // on potentially slow regexes like \s*. This is then stored and used for
    // future error messages as well.
    this.raw = range.trim().replace(SPACE_CHARACTERS, ' ')

    // First, split on ||
    this.set = this.raw
      .split('||')
      // map the range to a 2d array of comparators
      .map(r => this.parseRange(r.trim()))
      // throw out any comparator lists that are empty
      // this generally means that it was not a valid range, which is allowed
      // in loose mode, but will still throw if the WHOLE range is invalid.
      .filter(c => c.length)

    if (!this.set.length) {
      throw new TypeError(`Invalid SemVer Range: ${this.raw}`)
    }

    // if we have any that are not the null set, throw out null sets.
    if (this.set.length > 1) {
      // keep the first one, in case they're all null sets
      const first = this.set[0]
      this.set = this.set.filter(c => !isNullSet(c[0]))
      if (this.set.length === 0) {
        this.set = [first]
      } else if (this.set.length > 1) {
        // if we have any that are *, then the range is just *
        for (const c of this.set) {
          if (c.length === 1 && isAny(c[0])) {
            this.set = [c]
            break
          }
        }
      }
    }

    this.formatted = undefined
  }

  get range () {
    if (this.formatted === undefined) {
      this.formatted = ''
      for (let i = 0; i < this.set.length; i++) {
        if (i > 0) {
          this.formatted += '||'
        }
        const comps = this.set[i]
        for (let k = 0; k < comps.length; k++) {
          if (k > 0) {
            this.formatted += ' '
          }
          this.formatted += comps[k].toString().trim()
        }
      }
    }
    return this.formatted
  }

  format () {
    return this.range
  }

  toString () {
    return this.range
  }

  parseRange (range) {
    // strip build metadata so it can't bleed into the version
    range = range.replace(BUILDSTRIPRE, '')

    // memoize range parsing for performance.
    // this is a very hot path, and fully deterministic.
    const memoOpts =
      (this.options.includePrerelease && FLAG_INCLUDE_PRERELEASE) |
      (this.options.loose && FLAG_LOOSE)
    const memoKey = memoOpts + ':' + range
    const cached = cache.get(memoKey)
    if (cached) {
      return cached
    }

    const loose = this.options.loose
    // `1.2.3 - 1.2.4` => `>=1.2.3 <=1.2.4`
    const hr = loose ? re[t.HYPHENRANGELOOSE] : re[t.HYPHENRANGE]
    range = range.replace(hr, hyphenReplace(this.options.includePrerelease))
    debug('hyphen replace', range)

    // `> 1.2.3 < 1.2.5` => `>1.2.3 <1.2.5`
    range = trimComparatorWhitespace(range)
    debug('comparator trim', range)

    // `~ 1.2.3` => `~1.2.3`
    range = range.replace(re[t.TILDETRIM], tildeTrimReplace)
    debug('tilde trim', range)

    // `^ 1.2.3` => `^1.2.3`
    range = range.replace(re[t.CARETTRIM], caretTrimReplace)
    debug('caret trim', range)

    // At this point, the range is completely trimmed and
    // ready to be split into comparators.

    let rangeList = range
      .split(' ')
      .map(comp => parseComparator(comp, this.options))
      .join(' ')
      .split(/\s+/)
      // >=0.0.0 is equivalent to *
      .map(comp => replaceGTE0(comp, this.options))

    if (loose) {
      // in loose mode, throw out any that are not valid comparators
      rangeList = rangeList.filter(comp => {
        debug('loose invalid filter', comp, this.options)
        return !!comp.match(re[t.COMPARATORLOOSE])
      })
    }
    debug('range list', rangeList)

    // if any comparators are the null set, then replace with JUST null set
    // if more than one comparator, remove any * comparators
    // also, don't include the same comparator more than once
    const rangeMap = new Map()
    const comparators = rangeList.map(comp => new Comparator(comp, this.options))
    for (const comp of comparators) {
      if (isNullSet(comp)) {
        return [comp]
      }
      rangeMap.set(comp.value, comp)
    }
    if (rangeMap.size > 1 && rangeMap.has('')) {
      rangeMap.delete('')
    }

    const result = [...rangeMap.values()]
    cache.set(memoKey, result)
    return result
  }

  intersects (range, options) {
    if (!(range instanceof Range)) {
      throw new TypeError('a Range is required')
    }

    return this.set.some((thisComparators) => {
      return (
        isSatisfiable(thisComparators, options) &&
        range.set.some((rangeComparators) => {
          return (
            isSatisfiable(rangeComparators, options) &&
            thisComparators.every((thisComparator) => {
              return rangeComparators.every((rangeComparator) => {
                return thisComparator.intersects(rangeComparator, options)
              })
            })
          )
        })
      )
    })
  }

  // if ANY of the sets match ALL of its comparators, then pass
  test (version) {
    if (!version) {
      return false
    }

    if (typeof version === 'string') {
      try {
        version = new SemVer(version, this.options)
      } catch (er) {
        return false
      }
    }

    for (let i = 0; i < this.set.length; i++) {
      if (testSet(this.set[i], version, this.options)) {
        return true
      }
    }
    return false
  }
}

module.exports = Range

const LRU = __nccwpck_require__(1383)
const cache = new LRU()

const parseOptions = __nccwpck_require__(356)
const Comparator = __nccwpck_require__(9379)
const debug = __nccwpck_require__(1159)
const SemVer = __nccwpck_require__(7163)
const trimComparatorWhitespace = __nccwpck_require__(9737)
const {
  safeRe: re,
  src,
  t,
  tildeTrimReplace,
  caretTrimReplace,
} = __nccwpck_require__(5471)
const { FLAG_INCLUDE_PRERELEASE, FLAG_LOOSE } = __nccwpck_require__(5101)

// unbounded global build-metadata stripper used by parseRange
const BUILDSTRIPRE = new RegExp(src[t.BUILD], 'g')

const isNullSet = c => c.value === '<0.0.0-0'
const isAny = c => c.value === ''

// take a set of comparators and determine whether there
// exists a version which can satisfy it
const isSatisfiable = (comparators, options) => {
  let result = true
  const remainingComparators = comparators.slice()
  let testComparator = remainingComparators.pop()

  while (result && remainingComparators.length) {
    result = remainingComparators.every((otherComparator) => {
      return testComparator.intersects(otherComparator, options)
    })

    testComparator = remainingComparators.pop()
  }

  return result
}

// comprised of xranges, tildes, stars, and gtlt's at this point.
// already replaced the hyphen ranges
// turn into a set of JUST comparators.
const parseComparator = (comp, options) => {
  comp = comp.replace(re[t.BUILD], '')
  debug('comp', comp, options)
  comp = replaceCarets(comp, options)
  debug('caret', comp)
  comp = replaceTildes(comp, options)
  debug('tildes', comp)
  comp = replaceXRanges(comp, options)
  debug('xrange', comp)
  comp = replaceStars(comp, options)
  debug('stars', comp)
  return comp
}

const isX = id => !id || id.toLowerCase() === 'x' || id === '*'

const invalidXRangeOrder = (M, m, p) => (
  (isX(M) && !isX(m)) ||
  (isX(m) && p && !isX(p))
)

// ~, ~> --> * (any, kinda silly)
// ~2, ~2.x, ~2.x.x, ~>2, ~>2.x ~>2.x.x --> >=2.0.0 <3.0.0-0
// ~2.0, ~2.0.x, ~>2.0, ~>2.0.x --> >=2.0.0 <2.1.0-0
// ~1.2, ~1.2.x, ~>1.2, ~>1.2.x --> >=1.2.0 <1.3.0-0
// ~1.2.3, ~>1.2.3 --> >=1.2.3 <1.3.0-0
// ~1.2.0, ~>1.2.0 --> >=1.2.0 <1.3.0-0
// ~0.0.1 --> >=0.0.1 <0.1.0-0
const replaceTildes = (comp, options) => {
  return comp
    .trim()
    .split(/\s+/)
    .map((c) => replaceTilde(c, options))
    .join(' ')
}

const replaceTilde = (comp, options) => {
  const r = options.loose ? re[t.TILDELOOSE] : re[t.TILDE]
  // if we're including prereleases in the match, then the lower bound is
  // -0, the lowest possible prerelease value, just like x-ranges and carets.
  // this keeps `~1.2` equivalent to the `1.2.x` x-range it's documented as.
  const z = options.includePrerelease ? '-0' : ''
  return comp.replace(r, (_, M, m, p, pr) => {
    debug('tilde', comp, _, M, m, p, pr)
    let ret

    if (isX(M)) {
      ret = ''
    } else if (isX(m)) {
      ret = `>=${M}.0.0${z} <${+M + 1}.0.0-0`
    } else if (isX(p)) {
      // ~1.2 == >=1.2.0 <1.3.0-0
      ret = `>=${M}.${m}.0${z} <${M}.${+m + 1}.0-0`
    } else if (pr) {
      debug('replaceTilde pr', pr)
      ret = `>=${M}.${m}.${p}-${pr
      } <${M}.${+m + 1}.0-0`
    } else {
      // ~1.2.3 == >=1.2.3 <1.3.0-0
      ret = `>=${M}.${m}.${p
      } <${M}.${+m + 1}.0-0`
    }

    debug('tilde return', ret)
    return ret
  })
}

// ^ --> * (any, kinda silly)
// ^2, ^2.x, ^2.x.x --> >=2.0.0 <3.0.0-0
// ^2.0, ^2.0.x --> >=2.0.0 <3.0.0-0
// ^1.2, ^1.2.x --> >=1.2.0 <2.0.0-0
// ^1.2.3 --> >=1.2.3 <2.0.0-0
// ^1.2.0 --> >=1.2.0 <2.0.0-0
// ^0.0.1 --> >=0.0.1 <0.0.2-0
// ^0.1.0 --> >=0.1.0 <0.2.0-0
const replaceCarets = (comp, options) => {
  return comp
    .trim()
    .split(/\s+/)
    .map((c) => replaceCaret(c, options))
    .join(' ')
}

const replaceCaret = (comp, options) => {
  debug('caret', comp, options)
  const r = options.loose ? re[t.CARETLOOSE] : re[t.CARET]
  const z = options.includePrerelease ? '-0' : ''
  return comp.replace(r, (_, M, m, p, pr) => {
    debug('caret', comp, _, M, m, p, pr)
    let ret

    if (isX(M)) {
      ret = ''
    } else if (isX(m)) {
      ret = `>=${M}.0.0${z} <${+M + 1}.0.0-0`
    } else if (isX(p)) {
      if (M === '0') {
        ret = `>=${M}.${m}.0${z} <${M}.${+m + 1}.0-0`
      } else {
        ret = `>=${M}.${m}.0${z} <${+M + 1}.0.0-0`
      }
    } else if (pr) {
      debug('replaceCaret pr', pr)
      if (M === '0') {
        if (m === '0') {
          ret = `>=${M}.${m}.${p}-${pr
          } <${M}.${m}.${+p + 1}-0`
        } else {
          ret = `>=${M}.${m}.${p}-${pr
          } <${M}.${+m + 1}.0-0`
        }
      } else {
        ret = `>=${M}.${m}.${p}-${pr
        } <${+M + 1}.0.0-0`
      }
    } else {
      debug('no pr')
      if (M === '0') {
        if (m === '0') {
          ret = `>=${M}.${m}.${p
          } <${M}.${m}.${+p + 1}-0`
        } else {
          ret = `>=${M}.${m}.${p
          } <${M}.${+m + 1}.0-0`
        }
      } else {
        ret = `>=${M}.${m}.${p
        } <${+M + 1}.0.0-0`
      }
    }

    debug('caret return', ret)
    return ret
  })
}

const replaceXRanges = (comp, options) => {
  debug('replaceXRanges', comp, options)
  return comp
    .split(/\s+/)
    .map((c) => replaceXRange(c, options))
    .join(' ')
}

const replaceXRange = (comp, options) => {
  comp = comp.trim()
  const r = options.loose ? re[t.XRANGELOOSE] : re[t.XRANGE]
  return comp.replace(r, (ret, gtlt, M, m, p, pr) => {
    debug('xRange', comp, ret, gtlt, M, m, p, pr)
    if (invalidXRangeOrder(M, m, p)) {
      return comp
    }

    const xM = isX(M)
    const xm = xM || isX(m)
    const xp = xm || isX(p)
    const anyX = xp

    if (gtlt === '=' && anyX) {
      gtlt = ''
    }

    // if we're including prereleases in the match, then we need
    // to fix this to -0, the lowest possible prerelease value
    pr = options.includePrerelease ? '-0' : ''

    if (xM) {
      if (gtlt === '>' || gtlt === '<') {
        // nothing is allowed
        ret = '<0.0.0-0'
      } else {
        // nothing is forbidden
        ret = '*'
      }
    } else if (gtlt && anyX) {
      // we know patch is an x, because we have any x at all.
      // replace X with 0
      if (xm) {
        m = 0
      }
      p = 0

      if (gtlt === '>') {
        // >1 => >=2.0.0
        // >1.2 => >=1.3.0
        gtlt = '>='
        if (xm) {
          M = +M + 1
          m = 0
          p = 0
        } else {
          m = +m + 1
          p = 0
        }
      } else if (gtlt === '<=') {
        // <=0.7.x is actually <0.8.0, since any 0.7.x should
        // pass.  Similarly, <=7.x is actually <8.0.0, etc.
        gtlt = '<'
        if (xm) {
          M = +M + 1
        } else {
          m = +m + 1
        }
      }

      if (gtlt === '<') {
        pr = '-0'
      }

      ret = `${gtlt + M}.${m}.${p}${pr}`
    } else if (xm) {
      ret = `>=${M}.0.0${pr} <${+M + 1}.0.0-0`
    } else if (xp) {
      ret = `>=${M}.${m}.0${pr
      } <${M}.${+m + 1}.0-0`
    }

    debug('xRange return', ret)

    return ret
  })
}

// Because * is AND-ed with everything else in the comparator,
// and '' means "any version", just remove the *s entirely.
const replaceStars = (comp, options) => {
  debug('replaceStars', comp, options)
  // Looseness is ignored here.  star is always as loose as it gets!
  return comp
    .trim()
    .replace(re[t.STAR], '')
}

const replaceGTE0 = (comp, options) => {
  debug('replaceGTE0', comp, options)
  return comp
    .trim()
    .replace(re[options.includePrerelease ? t.GTE0PRE : t.GTE0], '')
}

// This function is passed to string.replace(re[t.HYPHENRANGE])
// M, m, patch, prerelease, build
// 1.2 - 3.4.5 => >=1.2.0 <=3.4.5
// 1.2.3 - 3.4 => >=1.2.0 <3.5.0-0 Any 3.4.x will do
// 1.2 - 3.4 => >=1.2.0 <3.5.0-0
// TODO build?
const hyphenReplace = incPr => ($0,
  from, fM, fm, fp, fpr, fb,
  to, tM, tm, tp, tpr) => {
  if (isX(fM)) {
    from = ''
  } else if (isX(fm)) {
    from = `>=${fM}.0.0${incPr ? '-0' : ''}`
  } else if (isX(fp)) {
    from = `>=${fM}.${fm}.0${incPr ? '-0' : ''}`
  } else if (fpr) {
    from = `>=${from}`
  } else {
    from = `>=${from}${incPr ? '-0' : ''}`
  }

  if (isX(tM)) {
    to = ''
  } else if (isX(tm)) {
    to = `<${+tM + 1}.0.0-0`
  } else if (isX(tp)) {
    to = `<${tM}.${+tm + 1}.0-0`
  } else if (tpr) {
    to = `<=${tM}.${tm}.${tp}-${tpr}`
  } else if (incPr) {
    to = `<${tM}.${tm}.${+tp + 1}-0`
  } else {
    to = `<=${to}`
  }

  return `${from} ${to}`.trim()
}

const testSet = (set, version, options) => {
  for (let i = 0; i < set.length; i++) {
    if (!set[i].test(version)) {
      return false
    }
  }

  if (version.prerelease.length && !options.includePrerelease) {
    // Find the set of versions that are allowed to have prereleases
    // For example, ^1.2.3-pr.1 desugars to >=1.2.3-pr.1 <2.0.0
    // That should allow `1.2.3-pr.2` to pass.
    // However, `1.2.4-alpha.notready` should NOT be allowed,
    // even though it's within the range set by the comparators.
    for (let i = 0; i < set.length; i++) {
      debug(set[i].semver)
      if (set[i].semver === Comparator.ANY) {
        continue
      }

      if (set[i].semver.prerelease.length > 0) {
        const allowed = set[i].semver
        if (allowed.major === version.major &&
            allowed.minor === version.minor &&
            allowed.patch === version.patch) {
          return true
        }
      }
    }

    // Version has a -pre, but it's not one of the ones we like.
    return false
  }

  return true
}


/***/ }),

/***/ 7163:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const debug = __nccwpck_require__(1159)
const { MAX_LENGTH, MAX_SAFE_INTEGER } = __nccwpck_require__(5101)
const { safeRe: re, t } = __nccwpck_require__(5471)

const parseOptions = __nccwpck_require__(356)
const { compareIdentifiers } = __nccwpck_require__(3348)

const isPrereleaseIdentifier = (prerelease, identifier) => {
  const identifiers = identifier.split('.')
  if (identifiers.length > prerelease.length) {
    return false
  }

  for (let i = 0; i < identifiers.length; i++) {
    if (compareIdentifiers(prerelease[i], identifiers[i]) !== 0) {
      return false
    }
  }

  return true
}

class SemVer {
  constructor (version, options) {
    options = parseOptions(options)

    if (version instanceof SemVer) {
      if (version.loose === !!options.loose &&
        version.includePrerelease === !!options.includePrerelease) {
        return version
      } else {
        version = version.version
      }
    } else if (typeof version !== 'string') {
      throw new TypeError(`Invalid version. Must be a string. Got type "${typeof version}".`)
    }

    if (version.length > MAX_LENGTH) {
      throw new TypeError(
        `version is longer than ${MAX_LENGTH} characters`
      )
    }

    debug('SemVer', version, options)
    this.options = options
    this.loose = !!options.loose
    // this isn't actually relevant for versions, but keep it so that we
    // don't run into trouble passing this.options around.
    this.includePrerelease = !!options.includePrerelease

    const m = version.trim().match(options.loose ? re[t.LOOSE] : re[t.FULL])

    if (!m) {
      throw new TypeError(`Invalid Version: ${version}`)
    }

    this.raw = version

    // these are actually numbers
    this.major = +m[1]
    this.minor = +m[2]
    this.patch = +m[3]

    if (this.major > MAX_SAFE_INTEGER || this.major < 0) {
      throw new TypeError('Invalid major version')
    }

    if (this.minor > MAX_SAFE_INTEGER || this.minor < 0) {
      throw new TypeError('Invalid minor version')
    }

    if (this.patch > MAX_SAFE_INTEGER || this.patch < 0) {
      throw new TypeError('Invalid patch version')
    }

    // numberify any prerelease numeric ids
    if (!m[4]) {
      this.prerelease = []
    } else {
      this.prerelease = m[4].split('.').map((id) => {
        if (/^[0-9]+$/.test(id)) {
          const num = +id
          if (num >= 0 && num < MAX_SAFE_INTEGER) {
            return num
          }
        }
        return id
      })
    }

    this.build = m[5] ? m[5].split('.') : []
    this.format()
  }

  format () {
    this.version = `${this.major}.${this.minor}.${this.patch}`
    if (this.prerelease.length) {
      this.version += `-${this.prerelease.join('.')}`
    }
    return this.version
  }

  toString () {
    return this.version
  }

  compare (other) {
    debug('SemVer.compare', this.version, this.options, other)
    if (!(other instanceof SemVer)) {
      if (typeof other === 'string' && other === this.version) {
        return 0
      }
      other = new SemVer(other, this.options)
    }

    if (other.version === this.version) {
      return 0
    }

    return this.compareMain(other) || this.comparePre(other)
  }

  compareMain (other) {
    if (!(other instanceof SemVer)) {
      other = new SemVer(other, this.options)
    }

    if (this.major < other.major) {
      return -1
    }
    if (this.major > other.major) {
      return 1
    }
    if (this.minor < other.minor) {
      return -1
    }
    if (this.minor > other.minor) {
      return 1
    }
    if (this.patch < other.patch) {
      return -1
    }
    if (this.patch > other.patch) {
      return 1
    }
    return 0
  }

  comparePre (other) {
    if (!(other instanceof SemVer)) {
      other = new SemVer(other, this.options)
    }

    // NOT having a prerelease is > having one
    if (this.prerelease.length && !other.prerelease.length) {
      return -1
    } else if (!this.prerelease.length && other.prerelease.length) {
      return 1
    } else if (!this.prerelease.length && !other.prerelease.length) {
      return 0
    }

    let i = 0
    do {
      const a = this.prerelease[i]
      const b = other.prerelease[i]
      debug('prerelease compare', i, a, b)
      if (a === undefined && b === undefined) {
        return 0
      } else if (b === undefined) {
        return 1
      } else if (a === undefined) {
        return -1
      } else if (a === b) {
        continue
      } else {
        return compareIdentifiers(a, b)
      }
    } while (++i)
  }

  compareBuild (other) {
    if (!(other instanceof SemVer)) {
      other = new SemVer(other, this.options)
    }

    let i = 0
    do {
      const a = this.build[i]
      const b = other.build[i]
      debug('build compare', i, a, b)
      if (a === undefined && b === undefined) {
        return 0
      } else if (b === undefined) {
        return 1
      } else if (a === undefined) {
        return -1
      } else if (a === b) {
        continue
      } else {
        return compareIdentifiers(a, b)
      }
    } while (++i)
  }

  // preminor will bump the version up to the next minor release, and immediately
  // down to pre-release. premajor and prepatch work the same way.
  inc (release, identifier, identifierBase) {
    if (release.startsWith('pre')) {
      if (!identifier && identifierBase === false) {
        throw new Error('invalid increment argument: identifier is empty')
      }
      // Avoid an invalid semver results
      if (identifier) {
        const match = `-${identifier}`.match(this.options.loose ? re[t.PRERELEASELOOSE] : re[t.PRERELEASE])
        if (!match || match[1] !== identifier) {
          throw new Error(`invalid identifier: ${identifier}`)
        }
      }
    }

    switch (release) {
      case 'premajor':
        this.prerelease.length = 0
        this.patch = 0
        this.minor = 0
        this.major++
        this.inc('pre', identifier, identifierBase)
        break
      case 'preminor':
        this.prerelease.length = 0
        this.patch = 0
        this.minor++
        this.inc('pre', identifier, identifierBase)
        break
      case 'prepatch':
        // If this is already a prerelease, it will bump to the next version
        // drop any prereleases that might already exist, since they are not
        // relevant at this point.
        this.prerelease.length = 0
        this.inc('patch', identifier, identifierBase)
        this.inc('pre', identifier, identifierBase)
        break
      // If the input is a non-prerelease version, this acts the same as
      // prepatch.
      case 'prerelease':
        if (this.prerelease.length === 0) {
          this.inc('patch', identifier, identifierBase)
        }
        this.inc('pre', identifier, identifierBase)
        break
      case 'release':
        if (this.prerelease.length === 0) {
          throw new Error(`version ${this.raw} is not a prerelease`)
        }
        this.prerelease.length = 0
        break

      case 'major':
        // If this is a pre-major version, bump up to the same major version.
        // Otherwise increment major.
        // 1.0.0-5 bumps to 1.0.0
        // 1.1.0 bumps to 2.0.0
        if (
          this.minor !== 0 ||
          this.patch !== 0 ||
          this.prerelease.length === 0
        ) {
          this.major++
        }
        this.minor = 0
        this.patch = 0
        this.prerelease = []
        break
      case 'minor':
        // If this is a pre-minor version, bump up to the same minor version.
        // Otherwise increment minor.
        // 1.2.0-5 bumps to 1.2.0
        // 1.2.1 bumps to 1.3.0
        if (this.patch !== 0 || this.prerelease.length === 0) {
          this.minor++
        }
        this.patch = 0
        this.prerelease = []
        break
      case 'patch':
        // If this is not a pre-release version, it will increment the patch.
        // If it is a pre-release it will bump up to the same patch version.
        // 1.2.0-5 patches to 1.2.0
        // 1.2.0 patches to 1.2.1
        if (this.prerelease.length === 0) {
          this.patch++
        }
        this.prerelease = []
        break
      // This probably shouldn't be used publicly.
      // 1.0.0 'pre' would become 1.0.0-0 which is the wrong direction.
      case 'pre': {
        const base = Number(identifierBase) ? 1 : 0

        if (this.prerelease.length === 0) {
          this.prerelease = [base]
        } else {
          let i = this.prerelease.length
          while (--i >= 0) {
            if (typeof this.prerelease[i] === 'number') {
              this.prerelease[i]++
              i = -2
            }
          }
          if (i === -1) {
            // didn't increment anything
            if (identifier === this.prerelease.join('.') && identifierBase === false) {
              throw new Error('invalid increment argument: identifier already exists')
            }
            this.prerelease.push(base)
          }
        }
        if (identifier) {
          // 1.2.0-beta.1 bumps to 1.2.0-beta.2,
          // 1.2.0-beta.fooblz or 1.2.0-beta bumps to 1.2.0-beta.0
          let prerelease = [identifier, base]
          if (identifierBase === false) {
            prerelease = [identifier]
          }
          if (isPrereleaseIdentifier(this.prerelease, identifier)) {
            const prereleaseBase = this.prerelease[identifier.split('.').length]
            if (isNaN(prereleaseBase)) {
              this.prerelease = prerelease
            }
          } else {
            this.prerelease = prerelease
          }
        }
        break
      }
      default:
        throw new Error(`invalid increment argument: ${release}`)
    }
    this.raw = this.format()
    if (this.build.length) {
      this.raw += `+${this.build.join('.')}`
    }
    return this
  }
}

module.exports = SemVer


/***/ }),

/***/ 1799:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const parse = __nccwpck_require__(6353)
const clean = (version, options) => {
  const s = parse(version.trim().replace(/^[=v]+/, ''), options)
  return s ? s.version : null
}
module.exports = clean


/***/ }),

/***/ 8646:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const eq = __nccwpck_require__(5082)
const neq = __nccwpck_require__(4974)
const gt = __nccwpck_require__(6599)
const gte = __nccwpck_require__(1236)
const lt = __nccwpck_require__(3872)
const lte = __nccwpck_require__(6717)

const cmp = (a, op, b, loose) => {
  switch (op) {
    case '===':
      if (typeof a === 'object') {
        a = a.version
      }
      if (typeof b === 'object') {
        b = b.version
      }
      return a === b

    case '!==':
      if (typeof a === 'object') {
        a = a.version
      }
      if (typeof b === 'object') {
        b = b.version
      }
      return a !== b

    case '':
    case '=':
    case '==':
      return eq(a, b, loose)

    case '!=':
      return neq(a, b, loose)

    case '>':
      return gt(a, b, loose)

    case '>=':
      return gte(a, b, loose)

    case '<':
      return lt(a, b, loose)

    case '<=':
      return lte(a, b, loose)

    default:
      throw new TypeError(`Invalid operator: ${op}`)
  }
}
module.exports = cmp


/***/ }),

/***/ 5385:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(7163)
const parse = __nccwpck_require__(6353)
const { safeRe: re, t } = __nccwpck_require__(5471)

const coerce = (version, options) => {
  if (version instanceof SemVer) {
    return version
  }

  if (typeof version === 'number') {
    version = String(version)
  }

  if (typeof version !== 'string') {
    return null
  }

  options = options || {}

  let match = null
  if (!options.rtl) {
    match = version.match(options.includePrerelease ? re[t.COERCEFULL] : re[t.COERCE])
  } else {
    // Find the right-most coercible string that does not share
    // a terminus with a more left-ward coercible string.
    // Eg, '1.2.3.4' wants to coerce '2.3.4', not '3.4' or '4'
    // With includePrerelease option set, '1.2.3.4-rc' wants to coerce '2.3.4-rc', not '2.3.4'
    //
    // Walk through the string checking with a /g regexp
    // Manually set the index so as to pick up overlapping matches.
    // Stop when we get a match that ends at the string end, since no
    // coercible string can be more right-ward without the same terminus.
    const coerceRtlRegex = options.includePrerelease ? re[t.COERCERTLFULL] : re[t.COERCERTL]
    let next
    while ((next = coerceRtlRegex.exec(version)) &&
        (!match || match.index + match[0].length !== version.length)
    ) {
      if (!match ||
            next.index + next[0].length !== match.index + match[0].length) {
        match = next
      }
      coerceRtlRegex.lastIndex = next.index + next[1].length + next[2].length
    }
    // leave it in a clean state
    coerceRtlRegex.lastIndex = -1
  }

  if (match === null) {
    return null
  }

  const major = match[2]
  const minor = match[3] || '0'
  const patch = match[4] || '0'
  const prerelease = options.includePrerelease && match[5] ? `-${match[5]}` : ''
  const build = options.includePrerelease && match[6] ? `+${match[6]}` : ''

  return parse(`${major}.${minor}.${patch}${prerelease}${build}`, options)
}
module.exports = coerce


/***/ }),

/***/ 7648:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(7163)
const compareBuild = (a, b, loose) => {
  const versionA = new SemVer(a, loose)
  const versionB = new SemVer(b, loose)
  return versionA.compare(versionB) || versionA.compareBuild(versionB)
}
module.exports = compareBuild


/***/ }),

/***/ 6874:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compare = __nccwpck_require__(8469)
const compareLoose = (a, b) => compare(a, b, true)
module.exports = compareLoose


/***/ }),

/***/ 8469:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(7163)
const compare = (a, b, loose) =>
  new SemVer(a, loose).compare(new SemVer(b, loose))

module.exports = compare


/***/ }),

/***/ 711:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const parse = __nccwpck_require__(6353)

const diff = (version1, version2) => {
  const v1 = parse(version1, null, true)
  const v2 = parse(version2, null, true)
  const comparison = v1.compare(v2)

  if (comparison === 0) {
    return null
  }

  const v1Higher = comparison > 0
  const highVersion = v1Higher ? v1 : v2
  const lowVersion = v1Higher ? v2 : v1
  const highHasPre = !!highVersion.prerelease.length
  const lowHasPre = !!lowVersion.prerelease.length

  if (lowHasPre && !highHasPre) {
    // Going from prerelease -> no prerelease requires some special casing

    // If the low version has only a major, then it will always be a major
    // Some examples:
    // 1.0.0-1 -> 1.0.0
    // 1.0.0-1 -> 1.1.1
    // 1.0.0-1 -> 2.0.0
    if (!lowVersion.patch && !lowVersion.minor) {
      return 'major'
    }

    // If the main part has no difference
    if (lowVersion.compareMain(highVersion) === 0) {
      if (lowVersion.minor && !lowVersion.patch) {
        return 'minor'
      }
      return 'patch'
    }
  }

  // add the `pre` prefix if we are going to a prerelease version
  const prefix = highHasPre ? 'pre' : ''

  if (v1.major !== v2.major) {
    return prefix + 'major'
  }

  if (v1.minor !== v2.minor) {
    return prefix + 'minor'
  }

  if (v1.patch !== v2.patch) {
    return prefix + 'patch'
  }

  // high and low are prereleases
  return 'prerelease'
}

module.exports = diff


/***/ }),

/***/ 5082:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compare = __nccwpck_require__(8469)
const eq = (a, b, loose) => compare(a, b, loose) === 0
module.exports = eq


/***/ }),

/***/ 6599:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compare = __nccwpck_require__(8469)
const gt = (a, b, loose) => compare(a, b, loose) > 0
module.exports = gt


/***/ }),

/***/ 1236:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compare = __nccwpck_require__(8469)
const gte = (a, b, loose) => compare(a, b, loose) >= 0
module.exports = gte


/***/ }),

/***/ 2338:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(7163)

const inc = (version, release, options, identifier, identifierBase) => {
  if (typeof (options) === 'string') {
    identifierBase = identifier
    identifier = options
    options = undefined
  }

  try {
    return new SemVer(
      version instanceof SemVer ? version.version : version,
      options
    ).inc(release, identifier, identifierBase).version
  } catch (er) {
    return null
  }
}
module.exports = inc


/***/ }),

/***/ 3872:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compare = __nccwpck_require__(8469)
const lt = (a, b, loose) => compare(a, b, loose) < 0
module.exports = lt


/***/ }),

/***/ 6717:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compare = __nccwpck_require__(8469)
const lte = (a, b, loose) => compare(a, b, loose) <= 0
module.exports = lte


/***/ }),

/***/ 8511:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(7163)
const major = (a, loose) => new SemVer(a, loose).major
module.exports = major


/***/ }),

/***/ 2603:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(7163)
const minor = (a, loose) => new SemVer(a, loose).minor
module.exports = minor


/***/ }),

/***/ 4974:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compare = __nccwpck_require__(8469)
const neq = (a, b, loose) => compare(a, b, loose) !== 0
module.exports = neq


/***/ }),

/***/ 6353:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(7163)
const parse = (version, options, throwErrors = false) => {
  if (version instanceof SemVer) {
    return version
  }
  try {
    return new SemVer(version, options)
  } catch (er) {
    if (!throwErrors) {
      return null
    }
    throw er
  }
}

module.exports = parse


/***/ }),

/***/ 8756:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(7163)
const patch = (a, loose) => new SemVer(a, loose).patch
module.exports = patch


/***/ }),

/***/ 5714:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const parse = __nccwpck_require__(6353)
const prerelease = (version, options) => {
  const parsed = parse(version, options)
  return (parsed && parsed.prerelease.length) ? parsed.prerelease : null
}
module.exports = prerelease


/***/ }),

/***/ 2173:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compare = __nccwpck_require__(8469)
const rcompare = (a, b, loose) => compare(b, a, loose)
module.exports = rcompare


/***/ }),

/***/ 7192:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compareBuild = __nccwpck_require__(7648)
const rsort = (list, loose) => list.sort((a, b) => compareBuild(b, a, loose))
module.exports = rsort


/***/ }),

/***/ 8011:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const Range = __nccwpck_require__(6782)
const satisfies = (version, range, options) => {
  try {
    range = new Range(range, options)
  } catch (er) {
    return false
  }
  return range.test(version)
}
module.exports = satisfies


/***/ }),

/***/ 9872:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const compareBuild = __nccwpck_require__(7648)
const sort = (list, loose) => list.sort((a, b) => compareBuild(a, b, loose))
module.exports = sort


/***/ }),

/***/ 6114:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const parse = __nccwpck_require__(6353)
const constants = __nccwpck_require__(5101)
const SemVer = __nccwpck_require__(7163)

const truncate = (version, truncation, options) => {
  if (!constants.RELEASE_TYPES.includes(truncation)) {
    return null
  }

  const clonedVersion = cloneInputVersion(version, options)
  return clonedVersion && doTruncation(clonedVersion, truncation)
}

const cloneInputVersion = (version, options) => {
  const versionStringToParse = (
    version instanceof SemVer ? version.version : version
  )

  return parse(versionStringToParse, options)
}

const doTruncation = (version, truncation) => {
  if (isPrerelease(truncation)) {
    return version.version
  }

  version.prerelease = []

  switch (truncation) {
    case 'major':
      version.minor = 0
      version.patch = 0
      break
    case 'minor':
      version.patch = 0
      break
  }

  return version.format()
}

const isPrerelease = (type) => {
  return type.startsWith('pre')
}

module.exports = truncate


/***/ }),

/***/ 8780:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const parse = __nccwpck_require__(6353)
const valid = (version, options) => {
  const v = parse(version, options)
  return v ? v.version : null
}
module.exports = valid


/***/ }),

/***/ 2088:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



// just pre-load all the stuff that index.js lazily exports
const internalRe = __nccwpck_require__(5471)
const constants = __nccwpck_require__(5101)
const SemVer = __nccwpck_require__(7163)
const identifiers = __nccwpck_require__(3348)
const parse = __nccwpck_require__(6353)
const valid = __nccwpck_require__(8780)
const clean = __nccwpck_require__(1799)
const inc = __nccwpck_require__(2338)
const diff = __nccwpck_require__(711)
const major = __nccwpck_require__(8511)
const minor = __nccwpck_require__(2603)
const patch = __nccwpck_require__(8756)
const prerelease = __nccwpck_require__(5714)
const compare = __nccwpck_require__(8469)
const rcompare = __nccwpck_require__(2173)
const compareLoose = __nccwpck_require__(6874)
const compareBuild = __nccwpck_require__(7648)
const sort = __nccwpck_require__(9872)
const rsort = __nccwpck_require__(7192)
const gt = __nccwpck_require__(6599)
const lt = __nccwpck_require__(3872)
const eq = __nccwpck_require__(5082)
const neq = __nccwpck_require__(4974)
const gte = __nccwpck_require__(1236)
const lte = __nccwpck_require__(6717)
const cmp = __nccwpck_require__(8646)
const coerce = __nccwpck_require__(5385)
const truncate = __nccwpck_require__(6114)
const Comparator = __nccwpck_require__(9379)
const Range = __nccwpck_require__(6782)
const satisfies = __nccwpck_require__(8011)
const toComparators = __nccwpck_require__(4750)
const maxSatisfying = __nccwpck_require__(3193)
const minSatisfying = __nccwpck_require__(8595)
const minVersion = __nccwpck_require__(1866)
const validRange = __nccwpck_require__(4737)
const outside = __nccwpck_require__(280)
const gtr = __nccwpck_require__(2276)
const ltr = __nccwpck_require__(5213)
const intersects = __nccwpck_require__(3465)
const simplifyRange = __nccwpck_require__(2028)
const subset = __nccwpck_require__(1489)
module.exports = {
  parse,
  valid,
  clean,
  inc,
  diff,
  major,
  minor,
  patch,
  prerelease,
  compare,
  rcompare,
  compareLoose,
  compareBuild,
  sort,
  rsort,
  gt,
  lt,
  eq,
  neq,
  gte,
  lte,
  cmp,
  coerce,
  truncate,
  Comparator,
  Range,
  satisfies,
  toComparators,
  maxSatisfying,
  minSatisfying,
  minVersion,
  validRange,
  outside,
  gtr,
  ltr,
  intersects,
  simplifyRange,
  subset,
  SemVer,
  re: internalRe.re,
  src: internalRe.src,
  tokens: internalRe.t,
  SEMVER_SPEC_VERSION: constants.SEMVER_SPEC_VERSION,
  RELEASE_TYPES: constants.RELEASE_TYPES,
  compareIdentifiers: identifiers.compareIdentifiers,
  rcompareIdentifiers: identifiers.rcompareIdentifiers,
}


/***/ }),

/***/ 5101:
/***/ ((module) => {



// Note: this is the semver.org version of the spec that it implements
// Not necessarily the package version of this code.
const SEMVER_SPEC_VERSION = '2.0.0'

const MAX_LENGTH = 256
const MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER ||
/* istanbul ignore next */ 9007199254740991

// Max safe segment length for coercion.
const MAX_SAFE_COMPONENT_LENGTH = 16

// Max safe length for a build identifier. The max length minus 6 characters for
// the shortest version with a build 0.0.0+BUILD.
const MAX_SAFE_BUILD_LENGTH = MAX_LENGTH - 6

// ECMAScript whitespace and line terminators matched by \s.
const WHITESPACE_CHARACTERS = [
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  ' ',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2001',
  '\u2002',
  '\u2003',
  '\u2004',
  '\u2005',
  '\u2006',
  '\u2007',
  '\u2008',
  '\u2009',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
]

const RELEASE_TYPES = [
  'major',
  'premajor',
  'minor',
  'preminor',
  'patch',
  'prepatch',
  'prerelease',
]

module.exports = {
  MAX_LENGTH,
  MAX_SAFE_COMPONENT_LENGTH,
  MAX_SAFE_BUILD_LENGTH,
  MAX_SAFE_INTEGER,
  WHITESPACE_CHARACTERS,
  RELEASE_TYPES,
  SEMVER_SPEC_VERSION,
  FLAG_INCLUDE_PRERELEASE: 0b001,
  FLAG_LOOSE: 0b010,
}


/***/ }),

/***/ 1159:
/***/ ((module) => {



const debug = (
  typeof process === 'object' &&
  process.env &&
  process.env.NODE_DEBUG &&
  /\bsemver\b/i.test(process.env.NODE_DEBUG)
) ? (...args) => console.error('SEMVER', ...args)
  : () => {}

module.exports = debug


/***/ }),

/***/ 3348:
/***/ ((module) => {



const numeric = /^[0-9]+$/
const compareIdentifiers = (a, b) => {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b ? 0 : a < b ? -1 : 1
  }

  const anum = numeric.test(a)
  const bnum = numeric.test(b)

  if (anum && bnum) {
    a = +a
    b = +b
  }

  return a === b ? 0
    : (anum && !bnum) ? -1
    : (bnum && !anum) ? 1
    : a < b ? -1
    : 1
}

const rcompareIdentifiers = (a, b) => compareIdentifiers(b, a)

module.exports = {
  compareIdentifiers,
  rcompareIdentifiers,
}


/***/ }),

/***/ 1383:
/***/ ((module) => {



class LRUCache {
  constructor () {
    this.max = 1000
    this.map = new Map()
  }

  get (key) {
    const value = this.map.get(key)
    if (value === undefined) {
      return undefined
    } else {
      // Remove the key from the map and add it to the end
      this.map.delete(key)
      this.map.set(key, value)
      return value
    }
  }

  delete (key) {
    return this.map.delete(key)
  }

  set (key, value) {
    const deleted = this.delete(key)

    if (!deleted && value !== undefined) {
      // If cache is full, delete the least recently used item
      if (this.map.size >= this.max) {
        const firstKey = this.map.keys().next().value
        this.delete(firstKey)
      }

      this.map.set(key, value)
    }

    return this
  }
}

module.exports = LRUCache


/***/ }),

/***/ 356:
/***/ ((module) => {



// parse out just the options we care about
const looseOption = Object.freeze({ loose: true })
const emptyOpts = Object.freeze({ })
const parseOptions = options => {
  if (!options) {
    return emptyOpts
  }

  if (typeof options !== 'object') {
    return looseOption
  }

  return options
}
module.exports = parseOptions


/***/ }),

/***/ 5471:
/***/ ((module, exports, __nccwpck_require__) => {



const {
  MAX_SAFE_COMPONENT_LENGTH,
  MAX_SAFE_BUILD_LENGTH,
  MAX_LENGTH,
} = __nccwpck_require__(5101)
const debug = __nccwpck_require__(1159)
exports = module.exports = {}

// The actual regexps go on exports.re
const re = exports.re = []
const safeRe = exports.safeRe = []
const src = exports.src = []
const safeSrc = exports.safeSrc = []
const t = exports.t = {}
let R = 0

const LETTERDASHNUMBER = '[a-zA-Z0-9-]'

// Replace some greedy regex tokens to prevent regex dos issues. These regex are
// used internally via the safeRe object since all inputs in this library get
// normalized first to trim and collapse all extra whitespace. The original
// regexes are exported for userland consumption and lower level usage. A
// future breaking change could export the safer regex only with a note that
// all input should have extra whitespace removed.
const safeRegexReplacements = [
  ['\\s', 1],
  ['\\d', MAX_LENGTH],
  [LETTERDASHNUMBER, MAX_SAFE_BUILD_LENGTH],
]

const makeSafeRegex = (value) => {
  for (const [token, max] of safeRegexReplacements) {
    value = value
      .split(`${token}*`).join(`${token}{0,${max}}`)
      .split(`${token}+`).join(`${token}{1,${max}}`)
  }
  return value
}

const createToken = (name, value, isGlobal) => {
  const safe = makeSafeRegex(value)
  const index = R++
  debug(name, index, value)
  t[name] = index
  src[index] = value
  safeSrc[index] = safe
  re[index] = new RegExp(value, isGlobal ? 'g' : undefined)
  safeRe[index] = new RegExp(safe, isGlobal ? 'g' : undefined)
}

// The following Regular Expressions can be used for tokenizing,
// validating, and parsing SemVer version strings.

// ## Numeric Identifier
// A single `0`, or a non-zero digit followed by zero or more digits.

createToken('NUMERICIDENTIFIER', '0|[1-9]\\d*')
createToken('NUMERICIDENTIFIERLOOSE', '\\d+')

// ## Non-numeric Identifier
// Zero or more digits, followed by a letter or hyphen, and then zero or
// more letters, digits, or hyphens.

createToken('NONNUMERICIDENTIFIER', `\\d*[a-zA-Z-]${LETTERDASHNUMBER}*`)

// ## Main Version
// Three dot-separated numeric identifiers.

createToken('MAINVERSION', `(${src[t.NUMERICIDENTIFIER]})\\.` +
                   `(${src[t.NUMERICIDENTIFIER]})\\.` +
                   `(${src[t.NUMERICIDENTIFIER]})`)

createToken('MAINVERSIONLOOSE', `(${src[t.NUMERICIDENTIFIERLOOSE]})\\.` +
                        `(${src[t.NUMERICIDENTIFIERLOOSE]})\\.` +
                        `(${src[t.NUMERICIDENTIFIERLOOSE]})`)

// ## Pre-release Version Identifier
// A numeric identifier, or a non-numeric identifier.
// Non-numeric identifiers include numeric identifiers but can be longer.
// Therefore non-numeric identifiers must go first.

createToken('PRERELEASEIDENTIFIER', `(?:${src[t.NONNUMERICIDENTIFIER]
}|${src[t.NUMERICIDENTIFIER]})`)

createToken('PRERELEASEIDENTIFIERLOOSE', `(?:${src[t.NONNUMERICIDENTIFIER]
}|${src[t.NUMERICIDENTIFIERLOOSE]})`)

// ## Pre-release Version
// Hyphen, followed by one or more dot-separated pre-release version
// identifiers.

createToken('PRERELEASE', `(?:-(${src[t.PRERELEASEIDENTIFIER]
}(?:\\.${src[t.PRERELEASEIDENTIFIER]})*))`)

createToken('PRERELEASELOOSE', `(?:-?(${src[t.PRERELEASEIDENTIFIERLOOSE]
}(?:\\.${src[t.PRERELEASEIDENTIFIERLOOSE]})*))`)

// ## Build Metadata Identifier
// Any combination of digits, letters, or hyphens.

createToken('BUILDIDENTIFIER', `${LETTERDASHNUMBER}+`)

// ## Build Metadata
// Plus sign, followed by one or more period-separated build metadata
// identifiers.

createToken('BUILD', `(?:\\+(${src[t.BUILDIDENTIFIER]
}(?:\\.${src[t.BUILDIDENTIFIER]})*))`)

// ## Full Version String
// A main version, followed optionally by a pre-release version and
// build metadata.

// Note that the only major, minor, patch, and pre-release sections of
// the version string are capturing groups.  The build metadata is not a
// capturing group, because it should not ever be used in version
// comparison.

createToken('FULLPLAIN', `v?${src[t.MAINVERSION]
}${src[t.PRERELEASE]}?${
  src[t.BUILD]}?`)

createToken('FULL', `^${src[t.FULLPLAIN]}$`)

// like full, but allows v1.2.3 and =1.2.3, which people do sometimes.
// also, 1.0.0alpha1 (prerelease without the hyphen) which is pretty
// common in the npm registry.
createToken('LOOSEPLAIN', `[v=\\s]*${src[t.MAINVERSIONLOOSE]
}${src[t.PRERELEASELOOSE]}?${
  src[t.BUILD]}?`)

createToken('LOOSE', `^${src[t.LOOSEPLAIN]}$`)

createToken('GTLT', '((?:<|>)?=?)')

// Something like "2.*" or "1.2.x".
// Note that "x.x" is a valid xRange identifier, meaning "any version"
// Only the first item is strictly required.
createToken('XRANGEIDENTIFIERLOOSE', `${src[t.NUMERICIDENTIFIERLOOSE]}|x|X|\\*`)
createToken('XRANGEIDENTIFIER', `${src[t.NUMERICIDENTIFIER]}|x|X|\\*`)

createToken('XRANGEPLAIN', `[v=\\s]*(${src[t.XRANGEIDENTIFIER]})` +
                   `(?:\\.(${src[t.XRANGEIDENTIFIER]})` +
                   `(?:\\.(${src[t.XRANGEIDENTIFIER]})` +
                   `(?:${src[t.PRERELEASE]})?${
                     src[t.BUILD]}?` +
                   `)?)?`)

createToken('XRANGEPLAINLOOSE', `[v=\\s]*(${src[t.XRANGEIDENTIFIERLOOSE]})` +
                        `(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})` +
                        `(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})` +
                        `(?:${src[t.PRERELEASELOOSE]})?${
                          src[t.BUILD]}?` +
                        `)?)?`)

createToken('XRANGE', `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAIN]}$`)
createToken('XRANGELOOSE', `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAINLOOSE]}$`)

// Coercion.
// Extract anything that could conceivably be a part of a valid semver
createToken('COERCEPLAIN', `${'(^|[^\\d])' +
              '(\\d{1,'}${MAX_SAFE_COMPONENT_LENGTH}})` +
              `(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?` +
              `(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?`)
createToken('COERCE', `${src[t.COERCEPLAIN]}(?:$|[^\\d])`)
createToken('COERCEFULL', src[t.COERCEPLAIN] +
              `(?:${src[t.PRERELEASE]})?` +
              `(?:${src[t.BUILD]})?` +
              `(?:$|[^\\d])`)
createToken('COERCERTL', src[t.COERCE], true)
createToken('COERCERTLFULL', src[t.COERCEFULL], true)

// Tilde ranges.
// Meaning is "reasonably at or greater than"
createToken('LONETILDE', '(?:~>?)')

createToken('TILDETRIM', `(\\s*)${src[t.LONETILDE]}\\s+`, true)
exports.tildeTrimReplace = '$1~'

createToken('TILDE', `^${src[t.LONETILDE]}${src[t.XRANGEPLAIN]}$`)
createToken('TILDELOOSE', `^${src[t.LONETILDE]}${src[t.XRANGEPLAINLOOSE]}$`)

// Caret ranges.
// Meaning is "at least and backwards compatible with"
createToken('LONECARET', '(?:\\^)')

createToken('CARETTRIM', `(\\s*)${src[t.LONECARET]}\\s+`, true)
exports.caretTrimReplace = '$1^'

createToken('CARET', `^${src[t.LONECARET]}${src[t.XRANGEPLAIN]}$`)
createToken('CARETLOOSE', `^${src[t.LONECARET]}${src[t.XRANGEPLAINLOOSE]}$`)

// A simple gt/lt/eq thing, or just "" to indicate "any version"
createToken('COMPARATORLOOSE', `^${src[t.GTLT]}\\s*(${src[t.LOOSEPLAIN]})$|^$`)
createToken('COMPARATOR', `^${src[t.GTLT]}\\s*(${src[t.FULLPLAIN]})$|^$`)

// An expression to strip any whitespace between the gtlt and the thing
// it modifies, so that `> 1.2.3` ==> `>1.2.3`
createToken('COMPARATORTRIM', `(\\s*)${src[t.GTLT]
}\\s*(${src[t.LOOSEPLAIN]}|${src[t.XRANGEPLAIN]})`, true)
exports.comparatorTrimReplace = '$1$2$3'

// Something like `1.2.3 - 1.2.4`
// Note that these all use the loose form, because they'll be
// checked against either the strict or loose comparator form
// later.
createToken('HYPHENRANGE', `^\\s*(${src[t.XRANGEPLAIN]})` +
                   `\\s+-\\s+` +
                   `(${src[t.XRANGEPLAIN]})` +
                   `\\s*$`)

createToken('HYPHENRANGELOOSE', `^\\s*(${src[t.XRANGEPLAINLOOSE]})` +
                        `\\s+-\\s+` +
                        `(${src[t.XRANGEPLAINLOOSE]})` +
                        `\\s*$`)

// Star ranges basically just allow anything at all.
createToken('STAR', '(<|>)?=?\\s*\\*')
// >=0.0.0 is like a star
createToken('GTE0', '^\\s*>=\\s*0\\.0\\.0\\s*$')
createToken('GTE0PRE', '^\\s*>=\\s*0\\.0\\.0-0\\s*$')


/***/ }),

/***/ 9737:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

// @ts-check


// Reproduce safeRe[COMPARATORTRIM] replacement boundaries, not version
// validation. Each end-index finder returns an exclusive end, or its start
// on no match.
// Positions count from zero. An end of 3 means characters 0, 1, and 2 were read;
// range.slice(start, end) gives the matched text, not a converted number.
const {
  MAX_LENGTH,
  MAX_SAFE_BUILD_LENGTH,
  WHITESPACE_CHARACTERS,
} = __nccwpck_require__(5101)

/**
 * Remembers the last two rows of digits so their characters need not be reread.
 * Positions start at -1 until a row has been found.
 *
 * @typedef {object} DigitRunCache
 * @property {number} start The first character of the most recently found row.
 * @property {number} end The position after that row's last character.
 * @property {number} previousStart The first character of the previous row.
 * @property {number} previousEnd The position after the previous row.
 */

// One entry per UTF-16 code unit keeps membership checks constant-time.
const whitespace = new Uint8Array(0x10000)
for (const char of WHITESPACE_CHARACTERS) {
  whitespace[char.charCodeAt(0)] = 1
}

/**
 * Checks whether a character is whitespace, like a space, tab, or newline.
 * Looking past the end of the string returns false.
 *
 * @param {string|undefined} char One character, or undefined past the string's end.
 * @returns {boolean} Whether the character is whitespace.
 * @example isWhitespace(' ') // true
 * @example isWhitespace('1') // false
 */
const isWhitespace = char =>
  char !== undefined && whitespace[char.charCodeAt(0)] === 1

/**
 * Checks for v, =, or whitespace before the version number.
 * These are historical version prefixes, not range operators:
 * < and > are handled separately, as are tilde and caret ranges.
 *
 * @param {string|undefined} char One character to check.
 * @returns {boolean} Whether the character can belong to a version prefix.
 * @example isVersionPrefix('=') // true
 * @example isVersionPrefix('>') // false
 */
const isVersionPrefix = char =>
  char === 'v' ||
  char === '=' ||
  isWhitespace(char)

/**
 * Checks whether a character is one of the digits 0 through 9.
 *
 * @param {string|undefined} char One character to check.
 * @returns {boolean} Whether the character is an ASCII digit.
 * @example isDigit('7') // true
 * @example isDigit('.') // false
 */
const isDigit = char => char !== undefined && char >= '0' && char <= '9'

/**
 * Checks whether a character is an English letter, uppercase or lowercase.
 *
 * @param {string|undefined} char One character to check.
 * @returns {boolean} Whether the character is an ASCII letter.
 * @example isLetter('b') // true
 * @example isLetter('7') // false
 */
const isLetter = char =>
  char !== undefined && (
    (char >= 'a' && char <= 'z') ||
    (char >= 'A' && char <= 'Z')
  )

/**
 * Checks for a letter, digit, or hyphen: the characters allowed inside
 * prerelease and build names such as beta-1.
 *
 * @param {string|undefined} char One character to check.
 * @returns {boolean} Whether the character can be part of an identifier.
 * @example isIdentifierCharacter('-') // true
 * @example isIdentifierCharacter('.') // false; dots separate identifiers
 */
const isIdentifierCharacter = char => isDigit(char) || isLetter(char) || char === '-'

/**
 * Checks whether a version component can begin here: with a digit or
 * a wildcard such as x, X, or *.
 *
 * @param {string|undefined} char One character to check.
 * @returns {boolean} Whether a number or wildcard can start with this character.
 * @example isVersionStart('x') // true
 * @example isVersionStart('v') // false; v belongs to the prefix
 */
const isVersionStart = char =>
  isDigit(char) ||
  char === 'x' ||
  char === 'X' ||
  char === '*'

/**
 * Finds the end of a row of digits, but returns no more than limit digits.
 * Remembers the last two rows so looking at them again does not reread them.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position of the first character to check.
 * @param {number} limit The most digit characters the returned match can include.
 * @param {DigitRunCache} digitRuns Shared cache of digit-run positions, updated in place.
 * @returns {number} The position after the matched digits, or start if none match.
 * @example findDigitsEndIndex('123abc', 0, 10, digitRuns) // 3, pointing at a
 * @example findDigitsEndIndex('123abc', 0, 2, digitRuns) // 2, pointing at the unread 3
 */
const findDigitsEndIndex = (range, start, limit, digitRuns) => {
  if (!isDigit(range[start])) {
    return start
  }
  if (start >= digitRuns.start && start < digitRuns.end) {
    return Math.min(start + limit, digitRuns.end)
  }
  if (start >= digitRuns.previousStart && start < digitRuns.previousEnd) {
    return Math.min(start + limit, digitRuns.previousEnd)
  }
  let end = start + 1
  while (isDigit(range[end])) {
    end++
  }
  // A failed full version can rewind from its second run to its first.
  digitRuns.previousStart = digitRuns.start
  digitRuns.previousEnd = digitRuns.end
  digitRuns.start = start
  digitRuns.end = end
  return Math.min(start + limit, end)
}

/**
 * Reads a number using the old regex's length and leading-zero rules.
 * Strict mode reads just the first zero in 012; loose mode can read all three.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position where the number should begin.
 * @param {boolean} loose Whether to allow leading zeros.
 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
 * @returns {number} The position after the matched digits, not their numeric value.
 * @example findVersionNumberEndIndex('012', 0, false, digitRuns) // 1
 * @example findVersionNumberEndIndex('012', 0, true, digitRuns) // 3
 */
const findVersionNumberEndIndex = (range, start, loose, digitRuns) => {
  if (!loose && range[start] === '0') {
    return start + 1
  }
  // Strict syntax allows an initial nonzero digit plus MAX_LENGTH digits.
  return findDigitsEndIndex(range, start, loose ? MAX_LENGTH : MAX_LENGTH + 1, digitRuns)
}

/**
 * Reads one piece of a prerelease name, such as beta or 1 in beta.1.
 * Tries the letter-or-hyphen form first, then the number-only form.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position where the identifier should begin.
 * @param {boolean} loose Whether numeric identifiers may have leading zeros.
 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
 * @returns {number} The position after the identifier, or start if none matches.
 * @example findPrereleaseIdentifierEndIndex('beta.1', 0, false, digitRuns) // 4, at the dot
 * @example findPrereleaseIdentifierEndIndex('001beta', 0, false, digitRuns) // 7
 */
const findPrereleaseIdentifierEndIndex = (range, start, loose, digitRuns) => {
  const digitsEnd = findDigitsEndIndex(range, start, MAX_LENGTH, digitRuns)
  // The legacy regex tries a nonnumeric identifier before a numeric one.
  if (isLetter(range[digitsEnd]) || range[digitsEnd] === '-') {
    let end = digitsEnd + 1
    const limit = end + MAX_SAFE_BUILD_LENGTH
    while (end < limit && isIdentifierCharacter(range[end])) {
      end++
    }
    return end
  }
  return findVersionNumberEndIndex(range, start, loose, digitRuns)
}

/**
 * Reads a prerelease suffix such as -beta.1, one dot-separated piece at a time.
 * Loose mode also allows the name without its opening hyphen.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position where the suffix should begin, including -.
 * @param {boolean} loose Whether the opening hyphen is optional and zeros allowed.
 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
 * @returns {number} The position after the matched suffix, or start if absent.
 * @example findPrereleaseEndIndex('-beta.1+sha', 0, false, digitRuns) // 7, at the plus
 * @example findPrereleaseEndIndex('beta', 0, false, digitRuns) // 0; no opening hyphen
 */
const findPrereleaseEndIndex = (range, start, loose, digitRuns) => {
  const hyphen = range[start] === '-'
  if (!loose && !hyphen) {
    return start
  }
  const identifierStart = start + (hyphen ? 1 : 0)
  let end = findPrereleaseIdentifierEndIndex(range, identifierStart, loose, digitRuns)
  if (end === identifierStart) {
    if (!loose || !hyphen) {
      return start
    }
    // In loose syntax, a lone hyphen can itself be the identifier.
    end = findPrereleaseIdentifierEndIndex(range, start, loose, digitRuns)
  }
  while (range[end] === '.') {
    const next = findPrereleaseIdentifierEndIndex(range, end + 1, loose, digitRuns)
    if (next === end + 1) {
      break
    }
    end = next
  }
  return end
}

/**
 * Reads one build-name piece, such as sha or 123 in +sha.123.
 * Stops at a disallowed character or the old regex's length limit.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position where the identifier should begin.
 * @returns {number} The position after the identifier, or start if none matches.
 * @example findBuildIdentifierEndIndex('sha.123', 0) // 3, at the dot
 * @example findBuildIdentifierEndIndex('001', 0) // 3; leading zeros are allowed
 */
const findBuildIdentifierEndIndex = (range, start) => {
  let end = start
  while (end - start < MAX_SAFE_BUILD_LENGTH && isIdentifierCharacter(range[end])) {
    end++
  }
  return end
}

/**
 * Reads optional build metadata such as +sha.123.
 * Leaves the position unchanged if there is no plus sign followed by a name.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position where the opening + should be.
 * @returns {number} The position after the matched metadata, or start if absent.
 * @example findBuildEndIndex('+sha.123 <2', 0) // 8, at the space
 * @example findBuildEndIndex('+', 0) // 0; a plus sign alone is not a match
 */
const findBuildEndIndex = (range, start) => {
  if (range[start] !== '+') {
    return start
  }
  let end = findBuildIdentifierEndIndex(range, start + 1)
  if (end === start + 1) {
    return start
  }
  while (range[end] === '.') {
    const next = findBuildIdentifierEndIndex(range, end + 1)
    if (next === end + 1) {
      break
    }
    end = next
  }
  return end
}

/**
 * Reads three numbers separated by dots, then any prerelease and build suffixes.
 * Uses loose rules, so forms such as 01.02.03beta can match here.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position of the first number, after any prefix.
 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
 * @returns {number} The position after the version match, or start if none matches.
 * @example findLooseFullVersionEndIndex('1.2.3-beta+sha <2', 0, digitRuns) // 14
 * @example findLooseFullVersionEndIndex('1.2', 0, digitRuns) // 0; needs three numbers
 */
const findLooseFullVersionEndIndex = (range, start, digitRuns) => {
  let end = start
  for (let component = 0; component < 3; component++) {
    const next = findVersionNumberEndIndex(range, end, true, digitRuns)
    if (next === end) {
      return start
    }
    end = next
    if (component < 2) {
      if (range[end] !== '.') {
        return start
      }
      end++
    }
  }
  const prereleaseEnd = findPrereleaseEndIndex(range, end, true, digitRuns)
  return findBuildEndIndex(range, prereleaseEnd)
}

/**
 * Reads one component of a partial or wildcard version, such as 2 or x in 2.x.
 * Numbers use strict leading-zero rules; wildcards take up one character.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position where the component should begin.
 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
 * @returns {number} The position after the component, or start if none matches.
 * @example findPartialVersionComponentEndIndex('2.x', 0, digitRuns) // 1, at the dot
 * @example findPartialVersionComponentEndIndex('2.x', 2, digitRuns) // 3, after x
 */
const findPartialVersionComponentEndIndex = (range, start, digitRuns) => {
  if (isDigit(range[start])) {
    return findVersionNumberEndIndex(range, start, false, digitRuns)
  }
  return isVersionStart(range[start]) ? start + 1 : start
}

/**
 * Reads up to three components, allowing forms such as 1, 1.2, or 1.x.
 * After the third component, also reads any strict prerelease and build suffixes.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position of a number or wildcard, after any prefix.
 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
 * @returns {number} The position after the matched version text.
 * @example findPartialVersionEndIndex('1.x <2', 0, digitRuns) // 3, at the space
 * @example findPartialVersionEndIndex('1.', 0, digitRuns) // 1; the trailing dot is unread
 */
const findPartialVersionEndIndex = (range, start, digitRuns) => {
  let end = findPartialVersionComponentEndIndex(range, start, digitRuns)
  for (let component = 0; component < 2; component++) {
    if (range[end] !== '.') {
      return end
    }
    const next = findPartialVersionComponentEndIndex(range, end + 1, digitRuns)
    if (next === end + 1) {
      return end
    }
    end = next
  }
  const prereleaseEnd = findPrereleaseEndIndex(range, end, false, digitRuns)
  return findBuildEndIndex(range, prereleaseEnd)
}

/**
 * Finds where a version match ends, without deciding whether the range is valid.
 * Tries a loose full version first, then a partial or wildcard version, just
 * like the old regex's LOOSEPLAIN and XRANGEPLAIN alternatives.
 *
 * @param {string} range The text to read; it is not changed.
 * @param {number} start The position of a number or wildcard, after any prefix.
 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
 * @returns {number} The position where scanning the next candidate can resume.
 * @example findVersionEndIndex('1.2.3 <2', 0, digitRuns) // 5, at the space
 * @example findVersionEndIndex('1.x <2', 0, digitRuns) // 3, at the space
 */
const findVersionEndIndex = (range, start, digitRuns) => {
  const fullVersionEnd = findLooseFullVersionEndIndex(range, start, digitRuns)
  return fullVersionEnd !== start
    ? fullVersionEnd
    : findPartialVersionEndIndex(range, start, digitRuns)
}

/**
 * Finds the one whitespace character the old replacement would remove.
 * Keeps leading whitespace, skips an optional operator, and checks immediately
 * after it. Returns -1 if there is nothing to remove.
 *
 * @param {string} range The text containing a candidate already found by the caller.
 * @param {number} matchStart The candidate's position, including leading whitespace.
 * @returns {number} The position of the removable whitespace, or -1 if absent.
 * @example findRemovableWhitespaceIndex(' > 1', 0) // 2; keep the space at position 0
 * @example findRemovableWhitespaceIndex('>1', 0) // -1
 */
const findRemovableWhitespaceIndex = (range, matchStart) => {
  let position = matchStart
  if (isWhitespace(range[position])) {
    position++
  }
  if (range[position] === '<' || range[position] === '>') {
    position++
  }
  if (range[position] === '=') {
    position++
  }
  return isWhitespace(range[position]) ? position : -1
}

/**
 * Joins an operator to its version, turning > 1.2.3 into >1.2.3.
 * Copies everything else according to the old regex's matching rules.
 * Moves forward through prefixes and whole versions to avoid repeatedly
 * searching the same characters on long inputs.
 *
 * @param {string} range The range text to process; the original string is unchanged.
 * @returns {string} The range with matched operator whitespace removed.
 * @example trimComparatorWhitespace('> 1.2.3 < 2') // '>1.2.3 <2'
 * @example trimComparatorWhitespace('> invalid') // '> invalid'
 */
const trimComparatorWhitespace = range => {
  let result = ''
  let copyFrom = 0
  let cursor = 0
  const digitRuns = { start: -1, end: -1, previousStart: -1, previousEnd: -1 }

  while (cursor < range.length) {
    const matchStart = cursor
    if (range[cursor] === '<' || range[cursor] === '>') {
      cursor++
    } else if (!isVersionPrefix(range[cursor]) && !isVersionStart(range[cursor])) {
      cursor++
      continue
    }

    // Consume a v/=/whitespace run once, even when no version follows it.
    while (cursor < range.length && isVersionPrefix(range[cursor])) {
      cursor++
    }
    if (!isVersionStart(range[cursor])) {
      continue
    }

    const whitespacePosition = findRemovableWhitespaceIndex(range, matchStart)
    if (whitespacePosition !== -1) {
      result += range.slice(copyFrom, whitespacePosition)
      copyFrom = whitespacePosition + 1
    }

    // Skip the entire match, so a prerelease's trailing v cannot be
    // reconsidered as the prefix of another version.
    cursor = findVersionEndIndex(range, cursor, digitRuns)
  }

  return result + range.slice(copyFrom)
}

module.exports = trimComparatorWhitespace


/***/ }),

/***/ 2276:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



// Determine if version is greater than all the versions possible in the range.
const outside = __nccwpck_require__(280)
const gtr = (version, range, options) => outside(version, range, '>', options)
module.exports = gtr


/***/ }),

/***/ 3465:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const Range = __nccwpck_require__(6782)
const intersects = (r1, r2, options) => {
  r1 = new Range(r1, options)
  r2 = new Range(r2, options)
  return r1.intersects(r2, options)
}
module.exports = intersects


/***/ }),

/***/ 5213:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const outside = __nccwpck_require__(280)
// Determine if version is less than all the versions possible in the range
const ltr = (version, range, options) => outside(version, range, '<', options)
module.exports = ltr


/***/ }),

/***/ 3193:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(7163)
const Range = __nccwpck_require__(6782)

const maxSatisfying = (versions, range, options) => {
  let max = null
  let maxSV = null
  let rangeObj = null
  try {
    rangeObj = new Range(range, options)
  } catch (er) {
    return null
  }
  versions.forEach((v) => {
    if (rangeObj.test(v)) {
      // satisfies(v, range, options)
      if (!max || maxSV.compare(v) === -1) {
        // compare(max, v, true)
        max = v
        maxSV = new SemVer(max, options)
      }
    }
  })
  return max
}
module.exports = maxSatisfying


/***/ }),

/***/ 8595:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(7163)
const Range = __nccwpck_require__(6782)
const minSatisfying = (versions, range, options) => {
  let min = null
  let minSV = null
  let rangeObj = null
  try {
    rangeObj = new Range(range, options)
  } catch (er) {
    return null
  }
  versions.forEach((v) => {
    if (rangeObj.test(v)) {
      // satisfies(v, range, options)
      if (!min || minSV.compare(v) === 1) {
        // compare(min, v, true)
        min = v
        minSV = new SemVer(min, options)
      }
    }
  })
  return min
}
module.exports = minSatisfying


/***/ }),

/***/ 1866:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(7163)
const Range = __nccwpck_require__(6782)
const gt = __nccwpck_require__(6599)

const minVersion = (range, loose) => {
  range = new Range(range, loose)

  let minver = new SemVer('0.0.0')
  if (range.test(minver)) {
    return minver
  }

  minver = new SemVer('0.0.0-0')
  if (range.test(minver)) {
    return minver
  }

  minver = null
  for (let i = 0; i < range.set.length; ++i) {
    const comparators = range.set[i]

    let setMin = null
    comparators.forEach((comparator) => {
      // Clone to avoid manipulating the comparator's semver object.
      const compver = new SemVer(comparator.semver.version)
      switch (comparator.operator) {
        case '>':
          if (compver.prerelease.length === 0) {
            compver.patch++
          } else {
            compver.prerelease.push(0)
          }
          compver.raw = compver.format()
          /* fallthrough */
        case '':
        case '>=':
          if (!setMin || gt(compver, setMin)) {
            setMin = compver
          }
          break
        case '<':
        case '<=':
          /* Ignore maximum versions */
          break
        /* istanbul ignore next */
        default:
          throw new Error(`Unexpected operation: ${comparator.operator}`)
      }
    })
    if (setMin && (!minver || gt(minver, setMin))) {
      minver = setMin
    }
  }

  if (minver && range.test(minver)) {
    return minver
  }

  return null
}
module.exports = minVersion


/***/ }),

/***/ 280:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(7163)
const Comparator = __nccwpck_require__(9379)
const { ANY } = Comparator
const Range = __nccwpck_require__(6782)
const satisfies = __nccwpck_require__(8011)
const gt = __nccwpck_require__(6599)
const lt = __nccwpck_require__(3872)
const lte = __nccwpck_require__(6717)
const gte = __nccwpck_require__(1236)

const outside = (version, range, hilo, options) => {
  version = new SemVer(version, options)
  range = new Range(range, options)

  let gtfn, ltefn, ltfn, comp, ecomp
  switch (hilo) {
    case '>':
      gtfn = gt
      ltefn = lte
      ltfn = lt
      comp = '>'
      ecomp = '>='
      break
    case '<':
      gtfn = lt
      ltefn = gte
      ltfn = gt
      comp = '<'
      ecomp = '<='
      break
    default:
      throw new TypeError('Must provide a hilo val of "<" or ">"')
  }

  // If it satisfies the range it is not outside
  if (satisfies(version, range, options)) {
    return false
  }

  // From now on, variable terms are as if we're in "gtr" mode.
  // but note that everything is flipped for the "ltr" function.

  for (let i = 0; i < range.set.length; ++i) {
    const comparators = range.set[i]

    let high = null
    let low = null

    comparators.forEach((comparator) => {
      if (comparator.semver === ANY) {
        comparator = new Comparator('>=0.0.0')
      }
      high = high || comparator
      low = low || comparator
      if (gtfn(comparator.semver, high.semver, options)) {
        high = comparator
      } else if (ltfn(comparator.semver, low.semver, options)) {
        low = comparator
      }
    })

    // If the edge version comparator has a operator then our version
    // isn't outside it
    if (high.operator === comp || high.operator === ecomp) {
      return false
    }

    // If the lowest version comparator has an operator and our version
    // is less than it then it isn't higher than the range
    if ((!low.operator || low.operator === comp) &&
        ltefn(version, low.semver)) {
      return false
    } else if (low.operator === ecomp && ltfn(version, low.semver)) {
      return false
    }
  }
  return true
}

module.exports = outside


/***/ }),

/***/ 2028:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



// given a set of versions and a range, create a "simplified" range
// that includes the same versions that the original range does
// If the original range is shorter than the simplified one, return that.
const satisfies = __nccwpck_require__(8011)
const compare = __nccwpck_require__(8469)
module.exports = (versions, range, options) => {
  const set = []
  let first = null
  let prev = null
  const v = versions.sort((a, b) => compare(a, b, options))
  for (const version of v) {
    const included = satisfies(version, range, options)
    if (included) {
      prev = version
      if (!first) {
        first = version
      }
    } else {
      if (prev) {
        set.push([first, prev])
      }
      prev = null
      first = null
    }
  }
  if (first) {
    set.push([first, null])
  }

  const ranges = []
  for (const [min, max] of set) {
    if (min === max) {
      ranges.push(min)
    } else if (!max && min === v[0]) {
      ranges.push('*')
    } else if (!max) {
      ranges.push(`>=${min}`)
    } else if (min === v[0]) {
      ranges.push(`<=${max}`)
    } else {
      ranges.push(`${min} - ${max}`)
    }
  }
  const simplified = ranges.join(' || ')
  const original = typeof range.raw === 'string' ? range.raw : String(range)
  return simplified.length < original.length ? simplified : range
}


/***/ }),

/***/ 1489:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const Range = __nccwpck_require__(6782)
const Comparator = __nccwpck_require__(9379)
const { ANY } = Comparator
const satisfies = __nccwpck_require__(8011)
const compare = __nccwpck_require__(8469)

// Complex range `r1 || r2 || ...` is a subset of `R1 || R2 || ...` iff:
// - Every simple range `r1, r2, ...` is a null set, OR
// - Every simple range `r1, r2, ...` which is not a null set is a subset of
//   some `R1, R2, ...`
//
// Simple range `c1 c2 ...` is a subset of simple range `C1 C2 ...` iff:
// - If c is only the ANY comparator
//   - If C is only the ANY comparator, return true
//   - Else if in prerelease mode, return false
//   - else replace c with `[>=0.0.0]`
// - If C is only the ANY comparator
//   - if in prerelease mode, return true
//   - else replace C with `[>=0.0.0]`
// - Let EQ be the set of = comparators in c
// - If EQ is more than one, return true (null set)
// - Let GT be the highest > or >= comparator in c
// - Let LT be the lowest < or <= comparator in c
// - If GT and LT, and GT.semver > LT.semver, return true (null set)
// - If any C is a = range, and GT or LT are set, return false
// - If EQ
//   - If GT, and EQ does not satisfy GT, return true (null set)
//   - If LT, and EQ does not satisfy LT, return true (null set)
//   - If EQ satisfies every C, return true
//   - Else return false
// - If GT
//   - If GT.semver is lower than any > or >= comp in C, return false
//   - If GT is >=, and GT.semver does not satisfy every C, return false
//   - If GT.semver has a prerelease, and not in prerelease mode
//     - If no C has a prerelease and the GT.semver tuple, return false
// - If LT
//   - If LT.semver is greater than any < or <= comp in C, return false
//   - If LT is <=, and LT.semver does not satisfy every C, return false
//   - If LT.semver has a prerelease, and not in prerelease mode
//     - If no C has a prerelease and the LT.semver tuple, return false
// - Else return true

const subset = (sub, dom, options = {}) => {
  if (sub === dom) {
    return true
  }

  sub = new Range(sub, options)
  dom = new Range(dom, options)
  let sawNonNull = false

  OUTER: for (const simpleSub of sub.set) {
    for (const simpleDom of dom.set) {
      const isSub = simpleSubset(simpleSub, simpleDom, options)
      sawNonNull = sawNonNull || isSub !== null
      if (isSub) {
        continue OUTER
      }
    }
    // the null set is a subset of everything, but null simple ranges in
    // a complex range should be ignored.  so if we saw a non-null range,
    // then we know this isn't a subset, but if EVERY simple range was null,
    // then it is a subset.
    if (sawNonNull) {
      return false
    }
  }
  return true
}

const minimumVersionWithPreRelease = [new Comparator('>=0.0.0-0')]
const minimumVersion = [new Comparator('>=0.0.0')]

const simpleSubset = (sub, dom, options) => {
  if (sub === dom) {
    return true
  }

  if (sub.length === 1 && sub[0].semver === ANY) {
    if (dom.length === 1 && dom[0].semver === ANY) {
      return true
    } else if (options.includePrerelease) {
      sub = minimumVersionWithPreRelease
    } else {
      sub = minimumVersion
    }
  }

  if (dom.length === 1 && dom[0].semver === ANY) {
    if (options.includePrerelease) {
      return true
    } else {
      dom = minimumVersion
    }
  }

  const eqSet = new Set()
  let gt, lt
  for (const c of sub) {
    if (c.operator === '>' || c.operator === '>=') {
      gt = higherGT(gt, c, options)
    } else if (c.operator === '<' || c.operator === '<=') {
      lt = lowerLT(lt, c, options)
    } else {
      eqSet.add(c.semver)
    }
  }

  if (eqSet.size > 1) {
    return null
  }

  let gtltComp
  if (gt && lt) {
    gtltComp = compare(gt.semver, lt.semver, options)
    if (gtltComp > 0) {
      return null
    } else if (gtltComp === 0 && (gt.operator !== '>=' || lt.operator !== '<=')) {
      return null
    }
  }

  // will iterate one or zero times
  for (const eq of eqSet) {
    if (gt && !satisfies(eq, String(gt), options)) {
      return null
    }

    if (lt && !satisfies(eq, String(lt), options)) {
      return null
    }

    for (const c of dom) {
      if (!satisfies(eq, String(c), options)) {
        return false
      }
    }

    return true
  }

  let higher, lower
  let hasDomLT, hasDomGT
  // if the subset has a prerelease, we need a comparator in the superset
  // with the same tuple and a prerelease, or it's not a subset
  let needDomLTPre = lt &&
    !options.includePrerelease &&
    lt.semver.prerelease.length ? lt.semver : false
  let needDomGTPre = gt &&
    !options.includePrerelease &&
    gt.semver.prerelease.length ? gt.semver : false
  // exception: <1.2.3-0 is the same as <1.2.3
  if (needDomLTPre && needDomLTPre.prerelease.length === 1 &&
      lt.operator === '<' && needDomLTPre.prerelease[0] === 0) {
    needDomLTPre = false
  }

  for (const c of dom) {
    hasDomGT = hasDomGT || c.operator === '>' || c.operator === '>='
    hasDomLT = hasDomLT || c.operator === '<' || c.operator === '<='
    if (gt) {
      if (needDomGTPre) {
        if (c.semver.prerelease && c.semver.prerelease.length &&
            c.semver.major === needDomGTPre.major &&
            c.semver.minor === needDomGTPre.minor &&
            c.semver.patch === needDomGTPre.patch) {
          needDomGTPre = false
        }
      }
      if (c.operator === '>' || c.operator === '>=') {
        higher = higherGT(gt, c, options)
        if (higher === c && higher !== gt) {
          return false
        }
      } else if (gt.operator === '>=' && !c.test(gt.semver)) {
        return false
      }
    }
    if (lt) {
      if (needDomLTPre) {
        if (c.semver.prerelease && c.semver.prerelease.length &&
            c.semver.major === needDomLTPre.major &&
            c.semver.minor === needDomLTPre.minor &&
            c.semver.patch === needDomLTPre.patch) {
          needDomLTPre = false
        }
      }
      if (c.operator === '<' || c.operator === '<=') {
        lower = lowerLT(lt, c, options)
        if (lower === c && lower !== lt) {
          return false
        }
      } else if (lt.operator === '<=' && !c.test(lt.semver)) {
        return false
      }
    }
    if (!c.operator && (lt || gt) && gtltComp !== 0) {
      return false
    }
  }

  // if there was a < or >, and nothing in the dom, then must be false
  // UNLESS it was limited by another range in the other direction.
  // Eg, >1.0.0 <1.0.1 is still a subset of <2.0.0
  if (gt && hasDomLT && !lt && gtltComp !== 0) {
    return false
  }

  if (lt && hasDomGT && !gt && gtltComp !== 0) {
    return false
  }

  // we needed a prerelease range in a specific tuple, but didn't get one
  // then this isn't a subset.  eg >=1.2.3-pre is not a subset of >=1.0.0,
  // because it includes prereleases in the 1.2.3 tuple
  if (needDomGTPre || needDomLTPre) {
    return false
  }

  return true
}

// >=1.2.3 is lower than >1.2.3
const higherGT = (a, b, options) => {
  if (!a) {
    return b
  }
  const comp = compare(a.semver, b.semver, options)
  return comp > 0 ? a
    : comp < 0 ? b
    : b.operator === '>' && a.operator === '>=' ? b
    : a
}

// <=1.2.3 is higher than <1.2.3
const lowerLT = (a, b, options) => {
  if (!a) {
    return b
  }
  const comp = compare(a.semver, b.semver, options)
  return comp < 0 ? a
    : comp > 0 ? b
    : b.operator === '<' && a.operator === '<=' ? b
    : a
}

module.exports = subset


/***/ }),

/***/ 4750:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const Range = __nccwpck_require__(6782)

// Mostly just for testing and legacy API reasons
const toComparators = (range, options) =>
  new Range(range, options).set
    .map(comp => comp.map(c => c.value).join(' ').trim().split(' '))

module.exports = toComparators


/***/ }),

/***/ 4737:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const Range = __nccwpck_require__(6782)
const validRange = (range, options) => {
  try {
    // Return '*' instead of '' so that truthiness works.
    // This will throw if it's invalid anyway
    return new Range(range, options).range || '*'
  } catch (er) {
    return null
  }
}
module.exports = validRange


/***/ }),

/***/ 6627:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

// Note: since nyc uses this module to output coverage, any lines
// that are in the direct sync flow of nyc's outputCoverage are
// ignored, since we can never get coverage for them.
// grab a reference to node's real process object right away
var process = global.process

const processOk = function (process) {
  return process &&
    typeof process === 'object' &&
    typeof process.removeListener === 'function' &&
    typeof process.emit === 'function' &&
    typeof process.reallyExit === 'function' &&
    typeof process.listeners === 'function' &&
    typeof process.kill === 'function' &&
    typeof process.pid === 'number' &&
    typeof process.on === 'function'
}

// some kind of non-node environment, just no-op
/* istanbul ignore if */
if (!processOk(process)) {
  module.exports = function () {
    return function () {}
  }
} else {
  var assert = __nccwpck_require__(2613)
  var signals = __nccwpck_require__(1430)
  var isWin = /^win/i.test(process.platform)

  var EE = __nccwpck_require__(4434)
  /* istanbul ignore if */
  if (typeof EE !== 'function') {
    EE = EE.EventEmitter
  }

  var emitter
  if (process.__signal_exit_emitter__) {
    emitter = process.__signal_exit_emitter__
  } else {
    emitter = process.__signal_exit_emitter__ = new EE()
    emitter.count = 0
    emitter.emitted = {}
  }

  // Because this emitter is a global, we have to check to see if a
  // previous version of this library failed to enable infinite listeners.
  // I know what you're about to say.  But literally everything about
  // signal-exit is a compromise with evil.  Get used to it.
  if (!emitter.infinite) {
    emitter.setMaxListeners(Infinity)
    emitter.infinite = true
  }

  module.exports = function (cb, opts) {
    /* istanbul ignore if */
    if (!processOk(global.process)) {
      return function () {}
    }
    assert.equal(typeof cb, 'function', 'a callback must be provided for exit handler')

    if (loaded === false) {
      load()
    }

    var ev = 'exit'
    if (opts && opts.alwaysLast) {
      ev = 'afterexit'
    }

    var remove = function () {
      emitter.removeListener(ev, cb)
      if (emitter.listeners('exit').length === 0 &&
          emitter.listeners('afterexit').length === 0) {
        unload()
      }
    }
    emitter.on(ev, cb)

    return remove
  }

  var unload = function unload () {
    if (!loaded || !processOk(global.process)) {
      return
    }
    loaded = false

    signals.forEach(function (sig) {
      try {
        process.removeListener(sig, sigListeners[sig])
      } catch (er) {}
    })
    process.emit = originalProcessEmit
    process.reallyExit = originalProcessReallyExit
    emitter.count -= 1
  }
  module.exports.unload = unload

  var emit = function emit (event, code, signal) {
    /* istanbul ignore if */
    if (emitter.emitted[event]) {
      return
    }
    emitter.emitted[event] = true
    emitter.emit(event, code, signal)
  }

  // { <signal>: <listener fn>, ... }
  var sigListeners = {}
  signals.forEach(function (sig) {
    sigListeners[sig] = function listener () {
      /* istanbul ignore if */
      if (!processOk(global.process)) {
        return
      }
      // If there are no other listeners, an exit is coming!
      // Simplest way: remove us and then re-send the signal.
      // We know that this will kill the process, so we can
      // safely emit now.
      var listeners = process.listeners(sig)
      if (listeners.length === emitter.count) {
        unload()
        emit('exit', null, sig)
        /* istanbul ignore next */
        emit('afterexit', null, sig)
        /* istanbul ignore next */
        if (isWin && sig === 'SIGHUP') {
          // "SIGHUP" throws an `ENOSYS` error on Windows,
          // so use a supported signal instead
          sig = 'SIGINT'
        }
        /* istanbul ignore next */
        process.kill(process.pid, sig)
      }
    }
  })

  module.exports.signals = function () {
    return signals
  }

  var loaded = false

  var load = function load () {
    if (loaded || !processOk(global.process)) {
      return
    }
    loaded = true

    // This is the number of onSignalExit's that are in play.
    // It's important so that we can count the correct number of
    // listeners on signals, and don't wait for the other one to
    // handle it instead of us.
    emitter.count += 1

    signals = signals.filter(function (sig) {
      try {
        process.on(sig, sigListeners[sig])
        return true
      } catch (er) {
        return false
      }
    })

    process.emit = processEmit
    process.reallyExit = processReallyExit
  }
  module.exports.load = load

  var originalProcessReallyExit = process.reallyExit
  var processReallyExit = function processReallyExit (code) {
    /* istanbul ignore if */
    if (!processOk(global.process)) {
      return
    }
    process.exitCode = code || /* istanbul ignore next */ 0
    emit('exit', process.exitCode, null)
    /* istanbul ignore next */
    emit('afterexit', process.exitCode, null)
    /* istanbul ignore next */
    originalProcessReallyExit.call(process, process.exitCode)
  }

  var originalProcessEmit = process.emit
  var processEmit = function processEmit (ev, arg) {
    if (ev === 'exit' && processOk(global.process)) {
      /* istanbul ignore else */
      if (arg !== undefined) {
        process.exitCode = arg
      }
      var ret = originalProcessEmit.apply(this, arguments)
      /* istanbul ignore next */
      emit('exit', process.exitCode, null)
      /* istanbul ignore next */
      emit('afterexit', process.exitCode, null)
      /* istanbul ignore next */
      return ret
    } else {
      return originalProcessEmit.apply(this, arguments)
    }
  }
}


/***/ }),

/***/ 1430:
/***/ ((module) => {

// This is not the set of all possible signals.
//
// It IS, however, the set of all signals that trigger
// an exit on either Linux or BSD systems.  Linux is a
// superset of the signal names supported on BSD, and
// the unknown signals just fail to register, so we can
// catch that easily enough.
//
// Don't bother with SIGKILL.  It's uncatchable, which
// means that we can't fire any callbacks anyway.
//
// If a user does happen to register a handler on a non-
// fatal signal like SIGWINCH or something, and then
// exit, it'll end up firing `process.emit('exit')`, so
// the handler will be fired anyway.
//
// SIGBUS, SIGFPE, SIGSEGV and SIGILL, when not raised
// artificially, inherently leave the process in a
// state from which it is not safe to try and enter JS
// listeners.
module.exports = [
  'SIGABRT',
  'SIGALRM',
  'SIGHUP',
  'SIGINT',
  'SIGTERM'
]

if (process.platform !== 'win32') {
  module.exports.push(
    'SIGVTALRM',
    'SIGXCPU',
    'SIGXFSZ',
    'SIGUSR2',
    'SIGTRAP',
    'SIGSYS',
    'SIGQUIT',
    'SIGIOT'
    // should detect profiler and enable/disable accordingly.
    // see #21
    // 'SIGPROF'
  )
}

if (process.platform === 'linux') {
  module.exports.push(
    'SIGIO',
    'SIGPOLL',
    'SIGPWR',
    'SIGSTKFLT',
    'SIGUNUSED'
  )
}


/***/ }),

/***/ 9163:
/***/ ((__unused_webpack_module, exports) => {



Object.defineProperty(exports, "__esModule", ({
  value: true
}));
exports["default"] = void 0;
function _typeof(o) {
  "@babel/helpers - typeof";

  return _typeof = "function" == typeof Symbol && "symbol" == typeof Symbol.iterator ? function (o) {
    return typeof o;
  } : function (o) {
    return o && "function" == typeof Symbol && o.constructor === Symbol && o !== Symbol.prototype ? "symbol" : typeof o;
  }, _typeof(o);
}
function _defineProperties(target, props) {
  for (var i = 0; i < props.length; i++) {
    var descriptor = props[i];
    descriptor.enumerable = descriptor.enumerable || false;
    descriptor.configurable = true;
    if ("value" in descriptor) descriptor.writable = true;
    Object.defineProperty(target, _toPropertyKey(descriptor.key), descriptor);
  }
}
function _createClass(Constructor, protoProps, staticProps) {
  if (protoProps) _defineProperties(Constructor.prototype, protoProps);
  if (staticProps) _defineProperties(Constructor, staticProps);
  Object.defineProperty(Constructor, "prototype", {
    writable: false
  });
  return Constructor;
}
function _toPropertyKey(t) {
  var i = _toPrimitive(t, "string");
  return "symbol" == _typeof(i) ? i : i + "";
}
function _toPrimitive(t, r) {
  if ("object" != _typeof(t) || !t) return t;
  var e = t[Symbol.toPrimitive];
  if (void 0 !== e) {
    var i = e.call(t, r || "default");
    if ("object" != _typeof(i)) return i;
    throw new TypeError("@@toPrimitive must return a primitive value.");
  }
  return ("string" === r ? String : Number)(t);
}
function _classCallCheck(instance, Constructor) {
  if (!(instance instanceof Constructor)) {
    throw new TypeError("Cannot call a class as a function");
  }
}
function _callSuper(t, o, e) {
  return o = _getPrototypeOf(o), _possibleConstructorReturn(t, _isNativeReflectConstruct() ? Reflect.construct(o, e || [], _getPrototypeOf(t).constructor) : o.apply(t, e));
}
function _possibleConstructorReturn(self, call) {
  if (call && (_typeof(call) === "object" || typeof call === "function")) {
    return call;
  } else if (call !== void 0) {
    throw new TypeError("Derived constructors may only return object or undefined");
  }
  return _assertThisInitialized(self);
}
function _assertThisInitialized(self) {
  if (self === void 0) {
    throw new ReferenceError("this hasn't been initialised - super() hasn't been called");
  }
  return self;
}
function _inherits(subClass, superClass) {
  if (typeof superClass !== "function" && superClass !== null) {
    throw new TypeError("Super expression must either be null or a function");
  }
  subClass.prototype = Object.create(superClass && superClass.prototype, {
    constructor: {
      value: subClass,
      writable: true,
      configurable: true
    }
  });
  Object.defineProperty(subClass, "prototype", {
    writable: false
  });
  if (superClass) _setPrototypeOf(subClass, superClass);
}
function _wrapNativeSuper(Class) {
  var _cache = typeof Map === "function" ? new Map() : undefined;
  _wrapNativeSuper = function _wrapNativeSuper(Class) {
    if (Class === null || !_isNativeFunction(Class)) return Class;
    if (typeof Class !== "function") {
      throw new TypeError("Super expression must either be null or a function");
    }
    if (typeof _cache !== "undefined") {
      if (_cache.has(Class)) return _cache.get(Class);
      _cache.set(Class, Wrapper);
    }
    function Wrapper() {
      return _construct(Class, arguments, _getPrototypeOf(this).constructor);
    }
    Wrapper.prototype = Object.create(Class.prototype, {
      constructor: {
        value: Wrapper,
        enumerable: false,
        writable: true,
        configurable: true
      }
    });
    return _setPrototypeOf(Wrapper, Class);
  };
  return _wrapNativeSuper(Class);
}
function _construct(t, e, r) {
  if (_isNativeReflectConstruct()) return Reflect.construct.apply(null, arguments);
  var o = [null];
  o.push.apply(o, e);
  var p = new (t.bind.apply(t, o))();
  return r && _setPrototypeOf(p, r.prototype), p;
}
function _isNativeReflectConstruct() {
  try {
    var t = !Boolean.prototype.valueOf.call(Reflect.construct(Boolean, [], function () {}));
  } catch (t) {}
  return (_isNativeReflectConstruct = function _isNativeReflectConstruct() {
    return !!t;
  })();
}
function _isNativeFunction(fn) {
  try {
    return Function.toString.call(fn).indexOf("[native code]") !== -1;
  } catch (e) {
    return typeof fn === "function";
  }
}
function _setPrototypeOf(o, p) {
  _setPrototypeOf = Object.setPrototypeOf ? Object.setPrototypeOf.bind() : function _setPrototypeOf(o, p) {
    o.__proto__ = p;
    return o;
  };
  return _setPrototypeOf(o, p);
}
function _getPrototypeOf(o) {
  _getPrototypeOf = Object.setPrototypeOf ? Object.getPrototypeOf.bind() : function _getPrototypeOf(o) {
    return o.__proto__ || Object.getPrototypeOf(o);
  };
  return _getPrototypeOf(o);
}
var DetailedError = /*#__PURE__*/function (_Error) {
  function DetailedError(message) {
    var _this;
    var causingErr = arguments.length > 1 && arguments[1] !== undefined ? arguments[1] : null;
    var req = arguments.length > 2 && arguments[2] !== undefined ? arguments[2] : null;
    var res = arguments.length > 3 && arguments[3] !== undefined ? arguments[3] : null;
    _classCallCheck(this, DetailedError);
    _this = _callSuper(this, DetailedError, [message]);
    _this.originalRequest = req;
    _this.originalResponse = res;
    _this.causingError = causingErr;
    if (causingErr != null) {
      message += ", caused by ".concat(causingErr.toString());
    }
    if (req != null) {
      var requestId = req.getHeader('X-Request-ID') || 'n/a';
      var method = req.getMethod();
      var url = req.getURL();
      var status = res ? res.getStatus() : 'n/a';
      var body = res ? res.getBody() || '' : 'n/a';
      message += ", originated from request (method: ".concat(method, ", url: ").concat(url, ", response code: ").concat(status, ", response text: ").concat(body, ", request id: ").concat(requestId, ")");
    }
    _this.message = message;
    return _this;
  }
  _inherits(DetailedError, _Error);
  return _createClass(DetailedError);
}( /*#__PURE__*/_wrapNativeSuper(Error));
var _default = exports["default"] = DetailedError;

/***/ }),

/***/ 8185:
/***/ ((__unused_webpack_module, exports) => {



Object.defineProperty(exports, "__esModule", ({
  value: true
}));
exports.enableDebugLog = enableDebugLog;
exports.log = log;
var isEnabled = false;
function enableDebugLog() {
  isEnabled = true;
}
function log(msg) {
  if (!isEnabled) return;
  console.log(msg);
}

/***/ }),

/***/ 4593:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



Object.defineProperty(exports, "__esModule", ({
  value: true
}));
exports["default"] = void 0;
var _fs = __nccwpck_require__(9896);
var _isStream = _interopRequireDefault(__nccwpck_require__(4111));
var _BufferSource = _interopRequireDefault(__nccwpck_require__(7972));
var _FileSource = _interopRequireDefault(__nccwpck_require__(1656));
var _StreamSource = _interopRequireDefault(__nccwpck_require__(350));
function _interopRequireDefault(obj) { return obj && obj.__esModule ? obj : { default: obj }; }
function _typeof(o) {
  "@babel/helpers - typeof";

  return _typeof = "function" == typeof Symbol && "symbol" == typeof Symbol.iterator ? function (o) {
    return typeof o;
  } : function (o) {
    return o && "function" == typeof Symbol && o.constructor === Symbol && o !== Symbol.prototype ? "symbol" : typeof o;
  }, _typeof(o);
}
function _classCallCheck(instance, Constructor) {
  if (!(instance instanceof Constructor)) {
    throw new TypeError("Cannot call a class as a function");
  }
}
function _defineProperties(target, props) {
  for (var i = 0; i < props.length; i++) {
    var descriptor = props[i];
    descriptor.enumerable = descriptor.enumerable || false;
    descriptor.configurable = true;
    if ("value" in descriptor) descriptor.writable = true;
    Object.defineProperty(target, _toPropertyKey(descriptor.key), descriptor);
  }
}
function _createClass(Constructor, protoProps, staticProps) {
  if (protoProps) _defineProperties(Constructor.prototype, protoProps);
  if (staticProps) _defineProperties(Constructor, staticProps);
  Object.defineProperty(Constructor, "prototype", {
    writable: false
  });
  return Constructor;
}
function _toPropertyKey(t) {
  var i = _toPrimitive(t, "string");
  return "symbol" == _typeof(i) ? i : i + "";
}
function _toPrimitive(t, r) {
  if ("object" != _typeof(t) || !t) return t;
  var e = t[Symbol.toPrimitive];
  if (void 0 !== e) {
    var i = e.call(t, r || "default");
    if ("object" != _typeof(i)) return i;
    throw new TypeError("@@toPrimitive must return a primitive value.");
  }
  return ("string" === r ? String : Number)(t);
}
var FileReader = exports["default"] = /*#__PURE__*/function () {
  function FileReader() {
    _classCallCheck(this, FileReader);
  }
  return _createClass(FileReader, [{
    key: "openFile",
    value: function openFile(input, chunkSize) {
      if (Buffer.isBuffer(input)) {
        return Promise.resolve(new _BufferSource.default(input));
      }
      if (input instanceof _fs.ReadStream && input.path != null) {
        return (0, _FileSource.default)(input);
      }
      if (_isStream.default.readable(input)) {
        chunkSize = Number(chunkSize);
        if (!Number.isFinite(chunkSize)) {
          return Promise.reject(new Error('cannot create source for stream without a finite value for the `chunkSize` option; specify a chunkSize to control the memory consumption'));
        }
        return Promise.resolve(new _StreamSource.default(input));
      }
      return Promise.reject(new Error('source object may only be an instance of Buffer or Readable in this environment'));
    }
  }]);
}();

/***/ }),

/***/ 3174:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



Object.defineProperty(exports, "__esModule", ({
  value: true
}));
exports["default"] = fingerprint;
var _crypto = __nccwpck_require__(6982);
var fs = _interopRequireWildcard(__nccwpck_require__(9896));
var path = _interopRequireWildcard(__nccwpck_require__(6928));
function _getRequireWildcardCache(e) { if ("function" != typeof WeakMap) return null; var r = new WeakMap(), t = new WeakMap(); return (_getRequireWildcardCache = function (e) { return e ? t : r; })(e); }
function _interopRequireWildcard(e, r) { if (!r && e && e.__esModule) return e; if (null === e || "object" != typeof e && "function" != typeof e) return { default: e }; var t = _getRequireWildcardCache(r); if (t && t.has(e)) return t.get(e); var n = { __proto__: null }, a = Object.defineProperty && Object.getOwnPropertyDescriptor; for (var u in e) if ("default" !== u && {}.hasOwnProperty.call(e, u)) { var i = a ? Object.getOwnPropertyDescriptor(e, u) : null; i && (i.get || i.set) ? Object.defineProperty(n, u, i) : n[u] = e[u]; } return n.default = e, t && t.set(e, n), n; }
/**
 * Generate a fingerprint for a file which will be used the store the endpoint
 *
 * @param {File} file
 * @param {Object} options
 */
function fingerprint(file, options) {
  if (Buffer.isBuffer(file)) {
    // create MD5 hash for buffer type
    var blockSize = 64 * 1024; // 64kb
    var content = file.slice(0, Math.min(blockSize, file.length));
    var hash = (0, _crypto.createHash)('md5').update(content).digest('hex');
    var ret = ['node-buffer', hash, file.length, options.endpoint].join('-');
    return Promise.resolve(ret);
  }
  if (file instanceof fs.ReadStream && file.path != null) {
    return new Promise(function (resolve, reject) {
      var name = path.resolve(file.path);
      fs.stat(file.path, function (err, info) {
        if (err) {
          reject(err);
          return;
        }
        var ret = ['node-file', name, info.size, info.mtime.getTime(), options.endpoint].join('-');
        resolve(ret);
      });
    });
  }

  // fingerprint cannot be computed for file input type
  return Promise.resolve(null);
}

/***/ }),

/***/ 8878:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



Object.defineProperty(exports, "__esModule", ({
  value: true
}));
exports["default"] = void 0;
var http = _interopRequireWildcard(__nccwpck_require__(8611));
var https = _interopRequireWildcard(__nccwpck_require__(5692));
var _stream = __nccwpck_require__(2203);
var _url = __nccwpck_require__(7016);
var _lodash = _interopRequireDefault(__nccwpck_require__(5833));
function _interopRequireDefault(obj) { return obj && obj.__esModule ? obj : { default: obj }; }
function _getRequireWildcardCache(e) { if ("function" != typeof WeakMap) return null; var r = new WeakMap(), t = new WeakMap(); return (_getRequireWildcardCache = function (e) { return e ? t : r; })(e); }
function _interopRequireWildcard(e, r) { if (!r && e && e.__esModule) return e; if (null === e || "object" != typeof e && "function" != typeof e) return { default: e }; var t = _getRequireWildcardCache(r); if (t && t.has(e)) return t.get(e); var n = { __proto__: null }, a = Object.defineProperty && Object.getOwnPropertyDescriptor; for (var u in e) if ("default" !== u && {}.hasOwnProperty.call(e, u)) { var i = a ? Object.getOwnPropertyDescriptor(e, u) : null; i && (i.get || i.set) ? Object.defineProperty(n, u, i) : n[u] = e[u]; } return n.default = e, t && t.set(e, n), n; }
function _callSuper(t, o, e) {
  return o = _getPrototypeOf(o), _possibleConstructorReturn(t, _isNativeReflectConstruct() ? Reflect.construct(o, e || [], _getPrototypeOf(t).constructor) : o.apply(t, e));
}
function _possibleConstructorReturn(self, call) {
  if (call && (_typeof(call) === "object" || typeof call === "function")) {
    return call;
  } else if (call !== void 0) {
    throw new TypeError("Derived constructors may only return object or undefined");
  }
  return _assertThisInitialized(self);
}
function _assertThisInitialized(self) {
  if (self === void 0) {
    throw new ReferenceError("this hasn't been initialised - super() hasn't been called");
  }
  return self;
}
function _isNativeReflectConstruct() {
  try {
    var t = !Boolean.prototype.valueOf.call(Reflect.construct(Boolean, [], function () {}));
  } catch (t) {}
  return (_isNativeReflectConstruct = function _isNativeReflectConstruct() {
    return !!t;
  })();
}
function _getPrototypeOf(o) {
  _getPrototypeOf = Object.setPrototypeOf ? Object.getPrototypeOf.bind() : function _getPrototypeOf(o) {
    return o.__proto__ || Object.getPrototypeOf(o);
  };
  return _getPrototypeOf(o);
}
function _inherits(subClass, superClass) {
  if (typeof superClass !== "function" && superClass !== null) {
    throw new TypeError("Super expression must either be null or a function");
  }
  subClass.prototype = Object.create(superClass && superClass.prototype, {
    constructor: {
      value: subClass,
      writable: true,
      configurable: true
    }
  });
  Object.defineProperty(subClass, "prototype", {
    writable: false
  });
  if (superClass) _setPrototypeOf(subClass, superClass);
}
function _setPrototypeOf(o, p) {
  _setPrototypeOf = Object.setPrototypeOf ? Object.setPrototypeOf.bind() : function _setPrototypeOf(o, p) {
    o.__proto__ = p;
    return o;
  };
  return _setPrototypeOf(o, p);
}
function ownKeys(e, r) {
  var t = Object.keys(e);
  if (Object.getOwnPropertySymbols) {
    var o = Object.getOwnPropertySymbols(e);
    r && (o = o.filter(function (r) {
      return Object.getOwnPropertyDescriptor(e, r).enumerable;
    })), t.push.apply(t, o);
  }
  return t;
}
function _objectSpread(e) {
  for (var r = 1; r < arguments.length; r++) {
    var t = null != arguments[r] ? arguments[r] : {};
    r % 2 ? ownKeys(Object(t), !0).forEach(function (r) {
      _defineProperty(e, r, t[r]);
    }) : Object.getOwnPropertyDescriptors ? Object.defineProperties(e, Object.getOwnPropertyDescriptors(t)) : ownKeys(Object(t)).forEach(function (r) {
      Object.defineProperty(e, r, Object.getOwnPropertyDescriptor(t, r));
    });
  }
  return e;
}
function _defineProperty(obj, key, value) {
  key = _toPropertyKey(key);
  if (key in obj) {
    Object.defineProperty(obj, key, {
      value: value,
      enumerable: true,
      configurable: true,
      writable: true
    });
  } else {
    obj[key] = value;
  }
  return obj;
}
function _typeof(o) {
  "@babel/helpers - typeof";

  return _typeof = "function" == typeof Symbol && "symbol" == typeof Symbol.iterator ? function (o) {
    return typeof o;
  } : function (o) {
    return o && "function" == typeof Symbol && o.constructor === Symbol && o !== Symbol.prototype ? "symbol" : typeof o;
  }, _typeof(o);
}
function _classCallCheck(instance, Constructor) {
  if (!(instance instanceof Constructor)) {
    throw new TypeError("Cannot call a class as a function");
  }
}
function _defineProperties(target, props) {
  for (var i = 0; i < props.length; i++) {
    var descriptor = props[i];
    descriptor.enumerable = descriptor.enumerable || false;
    descriptor.configurable = true;
    if ("value" in descriptor) descriptor.writable = true;
    Object.defineProperty(target, _toPropertyKey(descriptor.key), descriptor);
  }
}
function _createClass(Constructor, protoProps, staticProps) {
  if (protoProps) _defineProperties(Constructor.prototype, protoProps);
  if (staticProps) _defineProperties(Constructor, staticProps);
  Object.defineProperty(Constructor, "prototype", {
    writable: false
  });
  return Constructor;
}
function _toPropertyKey(t) {
  var i = _toPrimitive(t, "string");
  return "symbol" == _typeof(i) ? i : i + "";
}
function _toPrimitive(t, r) {
  if ("object" != _typeof(t) || !t) return t;
  var e = t[Symbol.toPrimitive];
  if (void 0 !== e) {
    var i = e.call(t, r || "default");
    if ("object" != _typeof(i)) return i;
    throw new TypeError("@@toPrimitive must return a primitive value.");
  }
  return ("string" === r ? String : Number)(t);
}
// The url.parse method is superseeded by the url.URL constructor,
// but it is still included in Node.js

var NodeHttpStack = exports["default"] = /*#__PURE__*/function () {
  function NodeHttpStack() {
    var requestOptions = arguments.length > 0 && arguments[0] !== undefined ? arguments[0] : {};
    _classCallCheck(this, NodeHttpStack);
    this._requestOptions = requestOptions;
  }
  return _createClass(NodeHttpStack, [{
    key: "createRequest",
    value: function createRequest(method, url) {
      return new Request(method, url, this._requestOptions);
    }
  }, {
    key: "getName",
    value: function getName() {
      return 'NodeHttpStack';
    }
  }]);
}();
var Request = /*#__PURE__*/function () {
  function Request(method, url, options) {
    _classCallCheck(this, Request);
    this._method = method;
    this._url = url;
    this._headers = {};
    this._request = null;
    this._progressHandler = function () {};
    this._requestOptions = options || {};
  }
  return _createClass(Request, [{
    key: "getMethod",
    value: function getMethod() {
      return this._method;
    }
  }, {
    key: "getURL",
    value: function getURL() {
      return this._url;
    }
  }, {
    key: "setHeader",
    value: function setHeader(header, value) {
      this._headers[header] = value;
    }
  }, {
    key: "getHeader",
    value: function getHeader(header) {
      return this._headers[header];
    }
  }, {
    key: "setProgressHandler",
    value: function setProgressHandler(progressHandler) {
      this._progressHandler = progressHandler;
    }
  }, {
    key: "send",
    value: function send() {
      var _this = this;
      var body = arguments.length > 0 && arguments[0] !== undefined ? arguments[0] : null;
      return new Promise(function (resolve, reject) {
        var options = _objectSpread(_objectSpread(_objectSpread({}, (0, _url.parse)(_this._url)), _this._requestOptions), {}, {
          method: _this._method,
          headers: _objectSpread(_objectSpread({}, _this._requestOptions.headers || {}), _this._headers)
        });
        if (body !== null && body !== void 0 && body.size) {
          options.headers['Content-Length'] = body.size;
        }
        var httpModule = options.protocol === 'https:' ? https : http;
        _this._request = httpModule.request(options);
        var req = _this._request;
        req.on('response', function (res) {
          var resChunks = [];
          res.on('data', function (data) {
            resChunks.push(data);
          });
          res.on('end', function () {
            var responseText = Buffer.concat(resChunks).toString('utf8');
            resolve(new Response(res, responseText));
          });
        });
        req.on('error', function (err) {
          reject(err);
        });
        if (body instanceof _stream.Readable) {
          // Readable stream are piped through a PassThrough instance, which
          // counts the number of bytes passed through. This is used, for example,
          // when an fs.ReadStream is provided to tus-js-client.
          body.pipe(new ProgressEmitter(_this._progressHandler)).pipe(req);
        } else if (body instanceof Uint8Array) {
          // For Buffers and Uint8Arrays (in Node.js all buffers are instances of Uint8Array),
          // we write chunks of the buffer to the stream and use that to track the progress.
          // This is used when either a Buffer or a normal readable stream is provided
          // to tus-js-client.
          writeBufferToStreamWithProgress(req, body, _this._progressHandler);
        } else {
          req.end(body);
        }
      });
    }
  }, {
    key: "abort",
    value: function abort() {
      if (this._request !== null) this._request.abort();
      return Promise.resolve();
    }
  }, {
    key: "getUnderlyingObject",
    value: function getUnderlyingObject() {
      return this._request;
    }
  }]);
}();
var Response = /*#__PURE__*/function () {
  function Response(res, body) {
    _classCallCheck(this, Response);
    this._response = res;
    this._body = body;
  }
  return _createClass(Response, [{
    key: "getStatus",
    value: function getStatus() {
      return this._response.statusCode;
    }
  }, {
    key: "getHeader",
    value: function getHeader(header) {
      return this._response.headers[header.toLowerCase()];
    }
  }, {
    key: "getBody",
    value: function getBody() {
      return this._body;
    }
  }, {
    key: "getUnderlyingObject",
    value: function getUnderlyingObject() {
      return this._response;
    }
  }]);
}(); // ProgressEmitter is a simple PassThrough-style transform stream which keeps
// track of the number of bytes which have been piped through it and will
// invoke the `onprogress` function whenever new number are available.
var ProgressEmitter = /*#__PURE__*/function (_Transform) {
  function ProgressEmitter(onprogress) {
    var _this2;
    _classCallCheck(this, ProgressEmitter);
    _this2 = _callSuper(this, ProgressEmitter);

    // The _onprogress property will be invoked, whenever a chunk is piped
    // through this transformer. Since chunks are usually quite small (64kb),
    // these calls can occur frequently, especially when you have a good
    // connection to the remote server. Therefore, we are throtteling them to
    // prevent accessive function calls.
    _this2._onprogress = (0, _lodash.default)(onprogress, 100, {
      leading: true,
      trailing: false
    });
    _this2._position = 0;
    return _this2;
  }
  _inherits(ProgressEmitter, _Transform);
  return _createClass(ProgressEmitter, [{
    key: "_transform",
    value: function _transform(chunk, _encoding, callback) {
      this._position += chunk.length;
      this._onprogress(this._position);
      callback(null, chunk);
    }
  }]);
}(_stream.Transform); // writeBufferToStreamWithProgress writes chunks from `source` (either a
// Buffer or Uint8Array) to the readable stream `stream`.
// The size of the chunk depends on the stream's highWaterMark to fill the
// stream's internal buffer as best as possible.
// If the internal buffer is full, the callback `onprogress` will be invoked
// to notify about the write progress. Writing will be resumed once the internal
// buffer is empty, as indicated by the emitted `drain` event.
// See https://nodejs.org/docs/latest/api/stream.html#buffering for more details
// on the buffering behavior of streams.
var writeBufferToStreamWithProgress = function writeBufferToStreamWithProgress(stream, source, onprogress) {
  onprogress = (0, _lodash.default)(onprogress, 100, {
    leading: true,
    trailing: false
  });
  var offset = 0;
  function writeNextChunk() {
    // Take at most the amount of bytes from highWaterMark. This should fill the streams
    // internal buffer already.
    var chunkSize = Math.min(stream.writableHighWaterMark, source.length - offset);

    // Note: We use subarray instead of slice because it works without copying data for
    // Buffers and Uint8Arrays.
    var chunk = source.subarray(offset, offset + chunkSize);
    offset += chunk.length;

    // `write` returns true if the internal buffer is not full and we should write more.
    // If the stream is destroyed because the request is aborted, it will return false
    // and no 'drain' event is emitted, so won't continue writing data.
    var canContinue = stream.write(chunk);
    if (!canContinue) {
      // If the buffer is full, wait for the 'drain' event to write more data.
      stream.once('drain', writeNextChunk);
      onprogress(offset);
    } else if (offset < source.length) {
      // If there's still data to write and the buffer is not full, write next chunk.
      writeNextChunk();
    } else {
      // If all data has been written, close the stream if needed, and emit a 'finish' event.
      stream.end();
    }
  }

  // Start writing the first chunk.
  writeNextChunk();
};

/***/ }),

/***/ 5162:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

var __webpack_unused_export__;


__webpack_unused_export__ = ({
  value: true
});
Object.defineProperty(exports, "MQ", ({
  enumerable: true,
  get: function () {
    return _httpStack.default;
  }
}));
Object.defineProperty(exports, "nj", ({
  enumerable: true,
  get: function () {
    return _error.default;
  }
}));
__webpack_unused_export__ = ({
  enumerable: true,
  get: function () {
    return _urlStorage.FileUrlStorage;
  }
});
__webpack_unused_export__ = ({
  enumerable: true,
  get: function () {
    return _StreamSource.default;
  }
});
exports._O = void 0;
__webpack_unused_export__ = ({
  enumerable: true,
  get: function () {
    return _urlStorage.canStoreURLs;
  }
});
__webpack_unused_export__ = void 0;
__webpack_unused_export__ = ({
  enumerable: true,
  get: function () {
    return _logger.enableDebugLog;
  }
});
__webpack_unused_export__ = void 0;
var _error = _interopRequireDefault(__nccwpck_require__(9163));
var _logger = __nccwpck_require__(8185);
var _noopUrlStorage = _interopRequireDefault(__nccwpck_require__(4059));
var _upload = _interopRequireDefault(__nccwpck_require__(4988));
var _fileReader = _interopRequireDefault(__nccwpck_require__(4593));
var _fileSignature = _interopRequireDefault(__nccwpck_require__(3174));
var _httpStack = _interopRequireDefault(__nccwpck_require__(8878));
var _StreamSource = _interopRequireDefault(__nccwpck_require__(350));
var _urlStorage = __nccwpck_require__(6614);
function _interopRequireDefault(obj) { return obj && obj.__esModule ? obj : { default: obj }; }
function _typeof(o) {
  "@babel/helpers - typeof";

  return _typeof = "function" == typeof Symbol && "symbol" == typeof Symbol.iterator ? function (o) {
    return typeof o;
  } : function (o) {
    return o && "function" == typeof Symbol && o.constructor === Symbol && o !== Symbol.prototype ? "symbol" : typeof o;
  }, _typeof(o);
}
function _classCallCheck(instance, Constructor) {
  if (!(instance instanceof Constructor)) {
    throw new TypeError("Cannot call a class as a function");
  }
}
function _defineProperties(target, props) {
  for (var i = 0; i < props.length; i++) {
    var descriptor = props[i];
    descriptor.enumerable = descriptor.enumerable || false;
    descriptor.configurable = true;
    if ("value" in descriptor) descriptor.writable = true;
    Object.defineProperty(target, _toPropertyKey(descriptor.key), descriptor);
  }
}
function _createClass(Constructor, protoProps, staticProps) {
  if (protoProps) _defineProperties(Constructor.prototype, protoProps);
  if (staticProps) _defineProperties(Constructor, staticProps);
  Object.defineProperty(Constructor, "prototype", {
    writable: false
  });
  return Constructor;
}
function _callSuper(t, o, e) {
  return o = _getPrototypeOf(o), _possibleConstructorReturn(t, _isNativeReflectConstruct() ? Reflect.construct(o, e || [], _getPrototypeOf(t).constructor) : o.apply(t, e));
}
function _possibleConstructorReturn(self, call) {
  if (call && (_typeof(call) === "object" || typeof call === "function")) {
    return call;
  } else if (call !== void 0) {
    throw new TypeError("Derived constructors may only return object or undefined");
  }
  return _assertThisInitialized(self);
}
function _assertThisInitialized(self) {
  if (self === void 0) {
    throw new ReferenceError("this hasn't been initialised - super() hasn't been called");
  }
  return self;
}
function _isNativeReflectConstruct() {
  try {
    var t = !Boolean.prototype.valueOf.call(Reflect.construct(Boolean, [], function () {}));
  } catch (t) {}
  return (_isNativeReflectConstruct = function _isNativeReflectConstruct() {
    return !!t;
  })();
}
function _getPrototypeOf(o) {
  _getPrototypeOf = Object.setPrototypeOf ? Object.getPrototypeOf.bind() : function _getPrototypeOf(o) {
    return o.__proto__ || Object.getPrototypeOf(o);
  };
  return _getPrototypeOf(o);
}
function _inherits(subClass, superClass) {
  if (typeof superClass !== "function" && superClass !== null) {
    throw new TypeError("Super expression must either be null or a function");
  }
  subClass.prototype = Object.create(superClass && superClass.prototype, {
    constructor: {
      value: subClass,
      writable: true,
      configurable: true
    }
  });
  Object.defineProperty(subClass, "prototype", {
    writable: false
  });
  if (superClass) _setPrototypeOf(subClass, superClass);
}
function _setPrototypeOf(o, p) {
  _setPrototypeOf = Object.setPrototypeOf ? Object.setPrototypeOf.bind() : function _setPrototypeOf(o, p) {
    o.__proto__ = p;
    return o;
  };
  return _setPrototypeOf(o, p);
}
function ownKeys(e, r) {
  var t = Object.keys(e);
  if (Object.getOwnPropertySymbols) {
    var o = Object.getOwnPropertySymbols(e);
    r && (o = o.filter(function (r) {
      return Object.getOwnPropertyDescriptor(e, r).enumerable;
    })), t.push.apply(t, o);
  }
  return t;
}
function _objectSpread(e) {
  for (var r = 1; r < arguments.length; r++) {
    var t = null != arguments[r] ? arguments[r] : {};
    r % 2 ? ownKeys(Object(t), !0).forEach(function (r) {
      _defineProperty(e, r, t[r]);
    }) : Object.getOwnPropertyDescriptors ? Object.defineProperties(e, Object.getOwnPropertyDescriptors(t)) : ownKeys(Object(t)).forEach(function (r) {
      Object.defineProperty(e, r, Object.getOwnPropertyDescriptor(t, r));
    });
  }
  return e;
}
function _defineProperty(obj, key, value) {
  key = _toPropertyKey(key);
  if (key in obj) {
    Object.defineProperty(obj, key, {
      value: value,
      enumerable: true,
      configurable: true,
      writable: true
    });
  } else {
    obj[key] = value;
  }
  return obj;
}
function _toPropertyKey(t) {
  var i = _toPrimitive(t, "string");
  return "symbol" == _typeof(i) ? i : i + "";
}
function _toPrimitive(t, r) {
  if ("object" != _typeof(t) || !t) return t;
  var e = t[Symbol.toPrimitive];
  if (void 0 !== e) {
    var i = e.call(t, r || "default");
    if ("object" != _typeof(i)) return i;
    throw new TypeError("@@toPrimitive must return a primitive value.");
  }
  return ("string" === r ? String : Number)(t);
}
var defaultOptions = __webpack_unused_export__ = _objectSpread(_objectSpread({}, _upload.default.defaultOptions), {}, {
  httpStack: new _httpStack.default(),
  fileReader: new _fileReader.default(),
  urlStorage: new _noopUrlStorage.default(),
  fingerprint: _fileSignature.default
});
var Upload = exports._O = /*#__PURE__*/function (_BaseUpload) {
  function Upload() {
    var file = arguments.length > 0 && arguments[0] !== undefined ? arguments[0] : null;
    var options = arguments.length > 1 && arguments[1] !== undefined ? arguments[1] : {};
    _classCallCheck(this, Upload);
    options = _objectSpread(_objectSpread({}, defaultOptions), options);
    return _callSuper(this, Upload, [file, options]);
  }
  _inherits(Upload, _BaseUpload);
  return _createClass(Upload, null, [{
    key: "terminate",
    value: function terminate(url) {
      var options = arguments.length > 1 && arguments[1] !== undefined ? arguments[1] : {};
      options = _objectSpread(_objectSpread({}, defaultOptions), options);
      return _upload.default.terminate(url, options);
    }
  }]);
}(_upload.default); // The Node.js environment does not have restrictions which may cause
// tus-js-client not to function.
var isSupported = __webpack_unused_export__ = true;

/***/ }),

/***/ 7972:
/***/ ((__unused_webpack_module, exports) => {



Object.defineProperty(exports, "__esModule", ({
  value: true
}));
exports["default"] = void 0;
function _typeof(o) {
  "@babel/helpers - typeof";

  return _typeof = "function" == typeof Symbol && "symbol" == typeof Symbol.iterator ? function (o) {
    return typeof o;
  } : function (o) {
    return o && "function" == typeof Symbol && o.constructor === Symbol && o !== Symbol.prototype ? "symbol" : typeof o;
  }, _typeof(o);
}
function _classCallCheck(instance, Constructor) {
  if (!(instance instanceof Constructor)) {
    throw new TypeError("Cannot call a class as a function");
  }
}
function _defineProperties(target, props) {
  for (var i = 0; i < props.length; i++) {
    var descriptor = props[i];
    descriptor.enumerable = descriptor.enumerable || false;
    descriptor.configurable = true;
    if ("value" in descriptor) descriptor.writable = true;
    Object.defineProperty(target, _toPropertyKey(descriptor.key), descriptor);
  }
}
function _createClass(Constructor, protoProps, staticProps) {
  if (protoProps) _defineProperties(Constructor.prototype, protoProps);
  if (staticProps) _defineProperties(Constructor, staticProps);
  Object.defineProperty(Constructor, "prototype", {
    writable: false
  });
  return Constructor;
}
function _toPropertyKey(t) {
  var i = _toPrimitive(t, "string");
  return "symbol" == _typeof(i) ? i : i + "";
}
function _toPrimitive(t, r) {
  if ("object" != _typeof(t) || !t) return t;
  var e = t[Symbol.toPrimitive];
  if (void 0 !== e) {
    var i = e.call(t, r || "default");
    if ("object" != _typeof(i)) return i;
    throw new TypeError("@@toPrimitive must return a primitive value.");
  }
  return ("string" === r ? String : Number)(t);
}
var BufferSource = exports["default"] = /*#__PURE__*/function () {
  function BufferSource(buffer) {
    _classCallCheck(this, BufferSource);
    this._buffer = buffer;
    this.size = buffer.length;
  }
  return _createClass(BufferSource, [{
    key: "slice",
    value: function slice(start, end) {
      var value = this._buffer.slice(start, end);
      value.size = value.length;
      var done = end >= this.size;
      return Promise.resolve({
        value: value,
        done: done
      });
    }
  }, {
    key: "close",
    value: function close() {}
  }]);
}();

/***/ }),

/***/ 1656:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



Object.defineProperty(exports, "__esModule", ({
  value: true
}));
exports["default"] = getFileSource;
var _fs = __nccwpck_require__(9896);
function _typeof(o) {
  "@babel/helpers - typeof";

  return _typeof = "function" == typeof Symbol && "symbol" == typeof Symbol.iterator ? function (o) {
    return typeof o;
  } : function (o) {
    return o && "function" == typeof Symbol && o.constructor === Symbol && o !== Symbol.prototype ? "symbol" : typeof o;
  }, _typeof(o);
}
function _regeneratorRuntime() {
  "use strict";

  /*! regenerator-runtime -- Copyright (c) 2014-present, Facebook, Inc. -- license (MIT): https://github.com/facebook/regenerator/blob/main/LICENSE */
  _regeneratorRuntime = function _regeneratorRuntime() {
    return e;
  };
  var t,
    e = {},
    r = Object.prototype,
    n = r.hasOwnProperty,
    o = Object.defineProperty || function (t, e, r) {
      t[e] = r.value;
    },
    i = "function" == typeof Symbol ? Symbol : {},
    a = i.iterator || "@@iterator",
    c = i.asyncIterator || "@@asyncIterator",
    u = i.toStringTag || "@@toStringTag";
  function define(t, e, r) {
    return Object.defineProperty(t, e, {
      value: r,
      enumerable: !0,
      configurable: !0,
      writable: !0
    }), t[e];
  }
  try {
    define({}, "");
  } catch (t) {
    define = function define(t, e, r) {
      return t[e] = r;
    };
  }
  function wrap(t, e, r, n) {
    var i = e && e.prototype instanceof Generator ? e : Generator,
      a = Object.create(i.prototype),
      c = new Context(n || []);
    return o(a, "_invoke", {
      value: makeInvokeMethod(t, r, c)
    }), a;
  }
  function tryCatch(t, e, r) {
    try {
      return {
        type: "normal",
        arg: t.call(e, r)
      };
    } catch (t) {
      return {
        type: "throw",
        arg: t
      };
    }
  }
  e.wrap = wrap;
  var h = "suspendedStart",
    l = "suspendedYield",
    f = "executing",
    s = "completed",
    y = {};
  function Generator() {}
  function GeneratorFunction() {}
  function GeneratorFunctionPrototype() {}
  var p = {};
  define(p, a, function () {
    return this;
  });
  var d = Object.getPrototypeOf,
    v = d && d(d(values([])));
  v && v !== r && n.call(v, a) && (p = v);
  var g = GeneratorFunctionPrototype.prototype = Generator.prototype = Object.create(p);
  function defineIteratorMethods(t) {
    ["next", "throw", "return"].forEach(function (e) {
      define(t, e, function (t) {
        return this._invoke(e, t);
      });
    });
  }
  function AsyncIterator(t, e) {
    function invoke(r, o, i, a) {
      var c = tryCatch(t[r], t, o);
      if ("throw" !== c.type) {
        var u = c.arg,
          h = u.value;
        return h && "object" == _typeof(h) && n.call(h, "__await") ? e.resolve(h.__await).then(function (t) {
          invoke("next", t, i, a);
        }, function (t) {
          invoke("throw", t, i, a);
        }) : e.resolve(h).then(function (t) {
          u.value = t, i(u);
        }, function (t) {
          return invoke("throw", t, i, a);
        });
      }
      a(c.arg);
    }
    var r;
    o(this, "_invoke", {
      value: function value(t, n) {
        function callInvokeWithMethodAndArg() {
          return new e(function (e, r) {
            invoke(t, n, e, r);
          });
        }
        return r = r ? r.then(callInvokeWithMethodAndArg, callInvokeWithMethodAndArg) : callInvokeWithMethodAndArg();
      }
    });
  }
  function makeInvokeMethod(e, r, n) {
    var o = h;
    return function (i, a) {
      if (o === f) throw Error("Generator is already running");
      if (o === s) {
        if ("throw" === i) throw a;
        return {
          value: t,
          done: !0
        };
      }
      for (n.method = i, n.arg = a;;) {
        var c = n.delegate;
        if (c) {
          var u = maybeInvokeDelegate(c, n);
          if (u) {
            if (u === y) continue;
            return u;
          }
        }
        if ("next" === n.method) n.sent = n._sent = n.arg;else if ("throw" === n.method) {
          if (o === h) throw o = s, n.arg;
          n.dispatchException(n.arg);
        } else "return" === n.method && n.abrupt("return", n.arg);
        o = f;
        var p = tryCatch(e, r, n);
        if ("normal" === p.type) {
          if (o = n.done ? s : l, p.arg === y) continue;
          return {
            value: p.arg,
            done: n.done
          };
        }
        "throw" === p.type && (o = s, n.method = "throw", n.arg = p.arg);
      }
    };
  }
  function maybeInvokeDelegate(e, r) {
    var n = r.method,
      o = e.iterator[n];
    if (o === t) return r.delegate = null, "throw" === n && e.iterator["return"] && (r.method = "return", r.arg = t, maybeInvokeDelegate(e, r), "throw" === r.method) || "return" !== n && (r.method = "throw", r.arg = new TypeError("The iterator does not provide a '" + n + "' method")), y;
    var i = tryCatch(o, e.iterator, r.arg);
    if ("throw" === i.type) return r.method = "throw", r.arg = i.arg, r.delegate = null, y;
    var a = i.arg;
    return a ? a.done ? (r[e.resultName] = a.value, r.next = e.nextLoc, "return" !== r.method && (r.method = "next", r.arg = t), r.delegate = null, y) : a : (r.method = "throw", r.arg = new TypeError("iterator result is not an object"), r.delegate = null, y);
  }
  function pushTryEntry(t) {
    var e = {
      tryLoc: t[0]
    };
    1 in t && (e.catchLoc = t[1]), 2 in t && (e.finallyLoc = t[2], e.afterLoc = t[3]), this.tryEntries.push(e);
  }
  function resetTryEntry(t) {
    var e = t.completion || {};
    e.type = "normal", delete e.arg, t.completion = e;
  }
  function Context(t) {
    this.tryEntries = [{
      tryLoc: "root"
    }], t.forEach(pushTryEntry, this), this.reset(!0);
  }
  function values(e) {
    if (e || "" === e) {
      var r = e[a];
      if (r) return r.call(e);
      if ("function" == typeof e.next) return e;
      if (!isNaN(e.length)) {
        var o = -1,
          i = function next() {
            for (; ++o < e.length;) if (n.call(e, o)) return next.value = e[o], next.done = !1, next;
            return next.value = t, next.done = !0, next;
          };
        return i.next = i;
      }
    }
    throw new TypeError(_typeof(e) + " is not iterable");
  }
  return GeneratorFunction.prototype = GeneratorFunctionPrototype, o(g, "constructor", {
    value: GeneratorFunctionPrototype,
    configurable: !0
  }), o(GeneratorFunctionPrototype, "constructor", {
    value: GeneratorFunction,
    configurable: !0
  }), GeneratorFunction.displayName = define(GeneratorFunctionPrototype, u, "GeneratorFunction"), e.isGeneratorFunction = function (t) {
    var e = "function" == typeof t && t.constructor;
    return !!e && (e === GeneratorFunction || "GeneratorFunction" === (e.displayName || e.name));
  }, e.mark = function (t) {
    return Object.setPrototypeOf ? Object.setPrototypeOf(t, GeneratorFunctionPrototype) : (t.__proto__ = GeneratorFunctionPrototype, define(t, u, "GeneratorFunction")), t.prototype = Object.create(g), t;
  }, e.awrap = function (t) {
    return {
      __await: t
    };
  }, defineIteratorMethods(AsyncIterator.prototype), define(AsyncIterator.prototype, c, function () {
    return this;
  }), e.AsyncIterator = AsyncIterator, e.async = function (t, r, n, o, i) {
    void 0 === i && (i = Promise);
    var a = new AsyncIterator(wrap(t, r, n, o), i);
    return e.isGeneratorFunction(r) ? a : a.next().then(function (t) {
      return t.done ? t.value : a.next();
    });
  }, defineIteratorMethods(g), define(g, u, "Generator"), define(g, a, function () {
    return this;
  }), define(g, "toString", function () {
    return "[object Generator]";
  }), e.keys = function (t) {
    var e = Object(t),
      r = [];
    for (var n in e) r.push(n);
    return r.reverse(), function next() {
      for (; r.length;) {
        var t = r.pop();
        if (t in e) return next.value = t, next.done = !1, next;
      }
      return next.done = !0, next;
    };
  }, e.values = values, Context.prototype = {
    constructor: Context,
    reset: function reset(e) {
      if (this.prev = 0, this.next = 0, this.sent = this._sent = t, this.done = !1, this.delegate = null, this.method = "next", this.arg = t, this.tryEntries.forEach(resetTryEntry), !e) for (var r in this) "t" === r.charAt(0) && n.call(this, r) && !isNaN(+r.slice(1)) && (this[r] = t);
    },
    stop: function stop() {
      this.done = !0;
      var t = this.tryEntries[0].completion;
      if ("throw" === t.type) throw t.arg;
      return this.rval;
    },
    dispatchException: function dispatchException(e) {
      if (this.done) throw e;
      var r = this;
      function handle(n, o) {
        return a.type = "throw", a.arg = e, r.next = n, o && (r.method = "next", r.arg = t), !!o;
      }
      for (var o = this.tryEntries.length - 1; o >= 0; --o) {
        var i = this.tryEntries[o],
          a = i.completion;
        if ("root" === i.tryLoc) return handle("end");
        if (i.tryLoc <= this.prev) {
          var c = n.call(i, "catchLoc"),
            u = n.call(i, "finallyLoc");
          if (c && u) {
            if (this.prev < i.catchLoc) return handle(i.catchLoc, !0);
            if (this.prev < i.finallyLoc) return handle(i.finallyLoc);
          } else if (c) {
            if (this.prev < i.catchLoc) return handle(i.catchLoc, !0);
          } else {
            if (!u) throw Error("try statement without catch or finally");
            if (this.prev < i.finallyLoc) return handle(i.finallyLoc);
          }
        }
      }
    },
    abrupt: function abrupt(t, e) {
      for (var r = this.tryEntries.length - 1; r >= 0; --r) {
        var o = this.tryEntries[r];
        if (o.tryLoc <= this.prev && n.call(o, "finallyLoc") && this.prev < o.finallyLoc) {
          var i = o;
          break;
        }
      }
      i && ("break" === t || "continue" === t) && i.tryLoc <= e && e <= i.finallyLoc && (i = null);
      var a = i ? i.completion : {};
      return a.type = t, a.arg = e, i ? (this.method = "next", this.next = i.finallyLoc, y) : this.complete(a);
    },
    complete: function complete(t, e) {
      if ("throw" === t.type) throw t.arg;
      return "break" === t.type || "continue" === t.type ? this.next = t.arg : "return" === t.type ? (this.rval = this.arg = t.arg, this.method = "return", this.next = "end") : "normal" === t.type && e && (this.next = e), y;
    },
    finish: function finish(t) {
      for (var e = this.tryEntries.length - 1; e >= 0; --e) {
        var r = this.tryEntries[e];
        if (r.finallyLoc === t) return this.complete(r.completion, r.afterLoc), resetTryEntry(r), y;
      }
    },
    "catch": function _catch(t) {
      for (var e = this.tryEntries.length - 1; e >= 0; --e) {
        var r = this.tryEntries[e];
        if (r.tryLoc === t) {
          var n = r.completion;
          if ("throw" === n.type) {
            var o = n.arg;
            resetTryEntry(r);
          }
          return o;
        }
      }
      throw Error("illegal catch attempt");
    },
    delegateYield: function delegateYield(e, r, n) {
      return this.delegate = {
        iterator: values(e),
        resultName: r,
        nextLoc: n
      }, "next" === this.method && (this.arg = t), y;
    }
  }, e;
}
function _classCallCheck(instance, Constructor) {
  if (!(instance instanceof Constructor)) {
    throw new TypeError("Cannot call a class as a function");
  }
}
function _defineProperties(target, props) {
  for (var i = 0; i < props.length; i++) {
    var descriptor = props[i];
    descriptor.enumerable = descriptor.enumerable || false;
    descriptor.configurable = true;
    if ("value" in descriptor) descriptor.writable = true;
    Object.defineProperty(target, _toPropertyKey(descriptor.key), descriptor);
  }
}
function _createClass(Constructor, protoProps, staticProps) {
  if (protoProps) _defineProperties(Constructor.prototype, protoProps);
  if (staticProps) _defineProperties(Constructor, staticProps);
  Object.defineProperty(Constructor, "prototype", {
    writable: false
  });
  return Constructor;
}
function _toPropertyKey(t) {
  var i = _toPrimitive(t, "string");
  return "symbol" == _typeof(i) ? i : i + "";
}
function _toPrimitive(t, r) {
  if ("object" != _typeof(t) || !t) return t;
  var e = t[Symbol.toPrimitive];
  if (void 0 !== e) {
    var i = e.call(t, r || "default");
    if ("object" != _typeof(i)) return i;
    throw new TypeError("@@toPrimitive must return a primitive value.");
  }
  return ("string" === r ? String : Number)(t);
}
function asyncGeneratorStep(gen, resolve, reject, _next, _throw, key, arg) {
  try {
    var info = gen[key](arg);
    var value = info.value;
  } catch (error) {
    reject(error);
    return;
  }
  if (info.done) {
    resolve(value);
  } else {
    Promise.resolve(value).then(_next, _throw);
  }
}
function _asyncToGenerator(fn) {
  return function () {
    var self = this,
      args = arguments;
    return new Promise(function (resolve, reject) {
      var gen = fn.apply(self, args);
      function _next(value) {
        asyncGeneratorStep(gen, resolve, reject, _next, _throw, "next", value);
      }
      function _throw(err) {
        asyncGeneratorStep(gen, resolve, reject, _next, _throw, "throw", err);
      }
      _next(undefined);
    });
  };
}
function getFileSource(_x) {
  return _getFileSource.apply(this, arguments);
}
function _getFileSource() {
  _getFileSource = _asyncToGenerator( /*#__PURE__*/_regeneratorRuntime().mark(function _callee(stream) {
    var _stream$start;
    var path, _yield$fsPromises$sta, size, start, end, actualSize;
    return _regeneratorRuntime().wrap(function _callee$(_context) {
      while (1) switch (_context.prev = _context.next) {
        case 0:
          path = stream.path.toString();
          _context.next = 3;
          return _fs.promises.stat(path);
        case 3:
          _yield$fsPromises$sta = _context.sent;
          size = _yield$fsPromises$sta.size;
          // The fs.ReadStream might be configured to not read from the beginning
          // to the end, but instead from a slice in between. In this case, we consider
          // that range to indicate the actual uploadable size.
          // This happens, for example, if a fs.ReadStream is used with the `parallelUploads`
          // option. There, the ReadStream is sliced into multiple ReadStreams to fit the number
          // of number of `parallelUploads`. Each ReadStream has `start` and `end` set.
          // Note: `stream.end` is Infinity by default, so we need the check `isFinite`.
          // Note: `stream.end` is treated inclusively, so we need to add 1 here.
          // See the comment in slice() for more context.
          start = (_stream$start = stream.start) !== null && _stream$start !== void 0 ? _stream$start : 0;
          end = Number.isFinite(stream.end) ? stream.end + 1 : size;
          actualSize = end - start;
          return _context.abrupt("return", new FileSource(stream, path, actualSize));
        case 9:
        case "end":
          return _context.stop();
      }
    }, _callee);
  }));
  return _getFileSource.apply(this, arguments);
}
var FileSource = /*#__PURE__*/function () {
  function FileSource(stream, path, size) {
    _classCallCheck(this, FileSource);
    this._stream = stream;
    this._path = path;
    this.size = size;
  }
  return _createClass(FileSource, [{
    key: "slice",
    value: function slice(start, end) {
      var _this$_stream$start;
      // The fs.ReadStream might be configured to not read from the beginning,
      // but instead start at a different offset. The start value from the caller
      // does not include the offset, so we need to add this offset to our range later.
      // This happens, for example, if a fs.ReadStream is used with the `parallelUploads`
      // option. First, the ReadStream is sliced into multiple ReadStreams to fit the number
      // of number of `parallelUploads`. Each ReadStream has `start` set.
      var offset = (_this$_stream$start = this._stream.start) !== null && _this$_stream$start !== void 0 ? _this$_stream$start : 0;
      var stream = (0, _fs.createReadStream)(this._path, {
        start: offset + start,
        // The `end` option for createReadStream is treated inclusively
        // (see https://nodejs.org/api/fs.html#fs_fs_createreadstream_path_options).
        // However, the Buffer#slice(start, end) and also our Source#slice(start, end)
        // method treat the end range exclusively, so we have to subtract 1.
        // This prevents an off-by-one error when reporting upload progress.
        end: offset + end - 1,
        autoClose: true
      });
      stream.size = Math.min(end - start, this.size);
      var done = stream.size >= this.size;
      return Promise.resolve({
        value: stream,
        done: done
      });
    }
  }, {
    key: "close",
    value: function close() {
      this._stream.destroy();
    }
  }]);
}();

/***/ }),

/***/ 350:
/***/ ((__unused_webpack_module, exports) => {



Object.defineProperty(exports, "__esModule", ({
  value: true
}));
exports["default"] = void 0;
function _typeof(o) {
  "@babel/helpers - typeof";

  return _typeof = "function" == typeof Symbol && "symbol" == typeof Symbol.iterator ? function (o) {
    return typeof o;
  } : function (o) {
    return o && "function" == typeof Symbol && o.constructor === Symbol && o !== Symbol.prototype ? "symbol" : typeof o;
  }, _typeof(o);
}
function _regeneratorRuntime() {
  "use strict";

  /*! regenerator-runtime -- Copyright (c) 2014-present, Facebook, Inc. -- license (MIT): https://github.com/facebook/regenerator/blob/main/LICENSE */
  _regeneratorRuntime = function _regeneratorRuntime() {
    return e;
  };
  var t,
    e = {},
    r = Object.prototype,
    n = r.hasOwnProperty,
    o = Object.defineProperty || function (t, e, r) {
      t[e] = r.value;
    },
    i = "function" == typeof Symbol ? Symbol : {},
    a = i.iterator || "@@iterator",
    c = i.asyncIterator || "@@asyncIterator",
    u = i.toStringTag || "@@toStringTag";
  function define(t, e, r) {
    return Object.defineProperty(t, e, {
      value: r,
      enumerable: !0,
      configurable: !0,
      writable: !0
    }), t[e];
  }
  try {
    define({}, "");
  } catch (t) {
    define = function define(t, e, r) {
      return t[e] = r;
    };
  }
  function wrap(t, e, r, n) {
    var i = e && e.prototype instanceof Generator ? e : Generator,
      a = Object.create(i.prototype),
      c = new Context(n || []);
    return o(a, "_invoke", {
      value: makeInvokeMethod(t, r, c)
    }), a;
  }
  function tryCatch(t, e, r) {
    try {
      return {
        type: "normal",
        arg: t.call(e, r)
      };
    } catch (t) {
      return {
        type: "throw",
        arg: t
      };
    }
  }
  e.wrap = wrap;
  var h = "suspendedStart",
    l = "suspendedYield",
    f = "executing",
    s = "completed",
    y = {};
  function Generator() {}
  function GeneratorFunction() {}
  function GeneratorFunctionPrototype() {}
  var p = {};
  define(p, a, function () {
    return this;
  });
  var d = Object.getPrototypeOf,
    v = d && d(d(values([])));
  v && v !== r && n.call(v, a) && (p = v);
  var g = GeneratorFunctionPrototype.prototype = Generator.prototype = Object.create(p);
  function defineIteratorMethods(t) {
    ["next", "throw", "return"].forEach(function (e) {
      define(t, e, function (t) {
        return this._invoke(e, t);
      });
    });
  }
  function AsyncIterator(t, e) {
    function invoke(r, o, i, a) {
      var c = tryCatch(t[r], t, o);
      if ("throw" !== c.type) {
        var u = c.arg,
          h = u.value;
        return h && "object" == _typeof(h) && n.call(h, "__await") ? e.resolve(h.__await).then(function (t) {
          invoke("next", t, i, a);
        }, function (t) {
          invoke("throw", t, i, a);
        }) : e.resolve(h).then(function (t) {
          u.value = t, i(u);
        }, function (t) {
          return invoke("throw", t, i, a);
        });
      }
      a(c.arg);
    }
    var r;
    o(this, "_invoke", {
      value: function value(t, n) {
        function callInvokeWithMethodAndArg() {
          return new e(function (e, r) {
            invoke(t, n, e, r);
          });
        }
        return r = r ? r.then(callInvokeWithMethodAndArg, callInvokeWithMethodAndArg) : callInvokeWithMethodAndArg();
      }
    });
  }
  function makeInvokeMethod(e, r, n) {
    var o = h;
    return function (i, a) {
      if (o === f) throw Error("Generator is already running");
      if (o === s) {
        if ("throw" === i) throw a;
        return {
          value: t,
          done: !0
        };
      }
      for (n.method = i, n.arg = a;;) {
        var c = n.delegate;
        if (c) {
          var u = maybeInvokeDelegate(c, n);
          if (u) {
            if (u === y) continue;
            return u;
          }
        }
        if ("next" === n.method) n.sent = n._sent = n.arg;else if ("throw" === n.method) {
          if (o === h) throw o = s, n.arg;
          n.dispatchException(n.arg);
        } else "return" === n.method && n.abrupt("return", n.arg);
        o = f;
        var p = tryCatch(e, r, n);
        if ("normal" === p.type) {
          if (o = n.done ? s : l, p.arg === y) continue;
          return {
            value: p.arg,
            done: n.done
          };
        }
        "throw" === p.type && (o = s, n.method = "throw", n.arg = p.arg);
      }
    };
  }
  function maybeInvokeDelegate(e, r) {
    var n = r.method,
      o = e.iterator[n];
    if (o === t) return r.delegate = null, "throw" === n && e.iterator["return"] && (r.method = "return", r.arg = t, maybeInvokeDelegate(e, r), "throw" === r.method) || "return" !== n && (r.method = "throw", r.arg = new TypeError("The iterator does not provide a '" + n + "' method")), y;
    var i = tryCatch(o, e.iterator, r.arg);
    if ("throw" === i.type) return r.method = "throw", r.arg = i.arg, r.delegate = null, y;
    var a = i.arg;
    return a ? a.done ? (r[e.resultName] = a.value, r.next = e.nextLoc, "return" !== r.method && (r.method = "next", r.arg = t), r.delegate = null, y) : a : (r.method = "throw", r.arg = new TypeError("iterator result is not an object"), r.delegate = null, y);
  }
  function pushTryEntry(t) {
    var e = {
      tryLoc: t[0]
    };
    1 in t && (e.catchLoc = t[1]), 2 in t && (e.finallyLoc = t[2], e.afterLoc = t[3]), this.tryEntries.push(e);
  }
  function resetTryEntry(t) {
    var e = t.completion || {};
    e.type = "normal", delete e.arg, t.completion = e;
  }
  function Context(t) {
    this.tryEntries = [{
      tryLoc: "root"
    }], t.forEach(pushTryEntry, this), this.reset(!0);
  }
  function values(e) {
    if (e || "" === e) {
      var r = e[a];
      if (r) return r.call(e);
      if ("function" == typeof e.next) return e;
      if (!isNaN(e.length)) {
        var o = -1,
          i = function next() {
            for (; ++o < e.length;) if (n.call(e, o)) return next.value = e[o], next.done = !1, next;
            return next.value = t, next.done = !0, next;
          };
        return i.next = i;
      }
    }
    throw new TypeError(_typeof(e) + " is not iterable");
  }
  return GeneratorFunction.prototype = GeneratorFunctionPrototype, o(g, "constructor", {
    value: GeneratorFunctionPrototype,
    configurable: !0
  }), o(GeneratorFunctionPrototype, "constructor", {
    value: GeneratorFunction,
    configurable: !0
  }), GeneratorFunction.displayName = define(GeneratorFunctionPrototype, u, "GeneratorFunction"), e.isGeneratorFunction = function (t) {
    var e = "function" == typeof t && t.constructor;
    return !!e && (e === GeneratorFunction || "GeneratorFunction" === (e.displayName || e.name));
  }, e.mark = function (t) {
    return Object.setPrototypeOf ? Object.setPrototypeOf(t, GeneratorFunctionPrototype) : (t.__proto__ = GeneratorFunctionPrototype, define(t, u, "GeneratorFunction")), t.prototype = Object.create(g), t;
  }, e.awrap = function (t) {
    return {
      __await: t
    };
  }, defineIteratorMethods(AsyncIterator.prototype), define(AsyncIterator.prototype, c, function () {
    return this;
  }), e.AsyncIterator = AsyncIterator, e.async = function (t, r, n, o, i) {
    void 0 === i && (i = Promise);
    var a = new AsyncIterator(wrap(t, r, n, o), i);
    return e.isGeneratorFunction(r) ? a : a.next().then(function (t) {
      return t.done ? t.value : a.next();
    });
  }, defineIteratorMethods(g), define(g, u, "Generator"), define(g, a, function () {
    return this;
  }), define(g, "toString", function () {
    return "[object Generator]";
  }), e.keys = function (t) {
    var e = Object(t),
      r = [];
    for (var n in e) r.push(n);
    return r.reverse(), function next() {
      for (; r.length;) {
        var t = r.pop();
        if (t in e) return next.value = t, next.done = !1, next;
      }
      return next.done = !0, next;
    };
  }, e.values = values, Context.prototype = {
    constructor: Context,
    reset: function reset(e) {
      if (this.prev = 0, this.next = 0, this.sent = this._sent = t, this.done = !1, this.delegate = null, this.method = "next", this.arg = t, this.tryEntries.forEach(resetTryEntry), !e) for (var r in this) "t" === r.charAt(0) && n.call(this, r) && !isNaN(+r.slice(1)) && (this[r] = t);
    },
    stop: function stop() {
      this.done = !0;
      var t = this.tryEntries[0].completion;
      if ("throw" === t.type) throw t.arg;
      return this.rval;
    },
    dispatchException: function dispatchException(e) {
      if (this.done) throw e;
      var r = this;
      function handle(n, o) {
        return a.type = "throw", a.arg = e, r.next = n, o && (r.method = "next", r.arg = t), !!o;
      }
      for (var o = this.tryEntries.length - 1; o >= 0; --o) {
        var i = this.tryEntries[o],
          a = i.completion;
        if ("root" === i.tryLoc) return handle("end");
        if (i.tryLoc <= this.prev) {
          var c = n.call(i, "catchLoc"),
            u = n.call(i, "finallyLoc");
          if (c && u) {
            if (this.prev < i.catchLoc) return handle(i.catchLoc, !0);
            if (this.prev < i.finallyLoc) return handle(i.finallyLoc);
          } else if (c) {
            if (this.prev < i.catchLoc) return handle(i.catchLoc, !0);
          } else {
            if (!u) throw Error("try statement without catch or finally");
            if (this.prev < i.finallyLoc) return handle(i.finallyLoc);
          }
        }
      }
    },
    abrupt: function abrupt(t, e) {
      for (var r = this.tryEntries.length - 1; r >= 0; --r) {
        var o = this.tryEntries[r];
        if (o.tryLoc <= this.prev && n.call(o, "finallyLoc") && this.prev < o.finallyLoc) {
          var i = o;
          break;
        }
      }
      i && ("break" === t || "continue" === t) && i.tryLoc <= e && e <= i.finallyLoc && (i = null);
      var a = i ? i.completion : {};
      return a.type = t, a.arg = e, i ? (this.method = "next", this.next = i.finallyLoc, y) : this.complete(a);
    },
    complete: function complete(t, e) {
      if ("throw" === t.type) throw t.arg;
      return "break" === t.type || "continue" === t.type ? this.next = t.arg : "return" === t.type ? (this.rval = this.arg = t.arg, this.method = "return", this.next = "end") : "normal" === t.type && e && (this.next = e), y;
    },
    finish: function finish(t) {
      for (var e = this.tryEntries.length - 1; e >= 0; --e) {
        var r = this.tryEntries[e];
        if (r.finallyLoc === t) return this.complete(r.completion, r.afterLoc), resetTryEntry(r), y;
      }
    },
    "catch": function _catch(t) {
      for (var e = this.tryEntries.length - 1; e >= 0; --e) {
        var r = this.tryEntries[e];
        if (r.tryLoc === t) {
          var n = r.completion;
          if ("throw" === n.type) {
            var o = n.arg;
            resetTryEntry(r);
          }
          return o;
        }
      }
      throw Error("illegal catch attempt");
    },
    delegateYield: function delegateYield(e, r, n) {
      return this.delegate = {
        iterator: values(e),
        resultName: r,
        nextLoc: n
      }, "next" === this.method && (this.arg = t), y;
    }
  }, e;
}
function _classCallCheck(instance, Constructor) {
  if (!(instance instanceof Constructor)) {
    throw new TypeError("Cannot call a class as a function");
  }
}
function _defineProperties(target, props) {
  for (var i = 0; i < props.length; i++) {
    var descriptor = props[i];
    descriptor.enumerable = descriptor.enumerable || false;
    descriptor.configurable = true;
    if ("value" in descriptor) descriptor.writable = true;
    Object.defineProperty(target, _toPropertyKey(descriptor.key), descriptor);
  }
}
function _createClass(Constructor, protoProps, staticProps) {
  if (protoProps) _defineProperties(Constructor.prototype, protoProps);
  if (staticProps) _defineProperties(Constructor, staticProps);
  Object.defineProperty(Constructor, "prototype", {
    writable: false
  });
  return Constructor;
}
function _toPropertyKey(t) {
  var i = _toPrimitive(t, "string");
  return "symbol" == _typeof(i) ? i : i + "";
}
function _toPrimitive(t, r) {
  if ("object" != _typeof(t) || !t) return t;
  var e = t[Symbol.toPrimitive];
  if (void 0 !== e) {
    var i = e.call(t, r || "default");
    if ("object" != _typeof(i)) return i;
    throw new TypeError("@@toPrimitive must return a primitive value.");
  }
  return ("string" === r ? String : Number)(t);
}
function asyncGeneratorStep(gen, resolve, reject, _next, _throw, key, arg) {
  try {
    var info = gen[key](arg);
    var value = info.value;
  } catch (error) {
    reject(error);
    return;
  }
  if (info.done) {
    resolve(value);
  } else {
    Promise.resolve(value).then(_next, _throw);
  }
}
function _asyncToGenerator(fn) {
  return function () {
    var self = this,
      args = arguments;
    return new Promise(function (resolve, reject) {
      var gen = fn.apply(self, args);
      function _next(value) {
        asyncGeneratorStep(gen, resolve, reject, _next, _throw, "next", value);
      }
      function _throw(err) {
        asyncGeneratorStep(gen, resolve, reject, _next, _throw, "throw", err);
      }
      _next(undefined);
    });
  };
}
/**
 * readChunk reads a chunk with the given size from the given
 * stream. It will wait until enough data is available to satisfy
 * the size requirement before resolving.
 * Only if the stream ends, the function may resolve with a buffer
 * smaller than the size argument.
 * Note that we rely on the stream behaving as Node.js documents:
 * https://nodejs.org/api/stream.html#readablereadsize
 */
function readChunk(_x, _x2) {
  return _readChunk.apply(this, arguments);
}
/**
 * StreamSource provides an interface to obtain slices of a Readable stream for
 * various ranges.
 * It will buffer read data, to allow for following pattern:
 * - Call slice(startA, endA) will buffer the data of the requested range
 * - Call slice(startB, endB) will return data from the buffer if startA <= startB <= endA.
 *   If endB > endA, it will also consume new data from the stream.
 * Note that it is forbidden to call with startB < startA or startB > endA. In other words,
 * the slice calls cannot seek back and must not skip data from the stream.
 */
function _readChunk() {
  _readChunk = _asyncToGenerator( /*#__PURE__*/_regeneratorRuntime().mark(function _callee2(stream, size) {
    return _regeneratorRuntime().wrap(function _callee2$(_context2) {
      while (1) switch (_context2.prev = _context2.next) {
        case 0:
          return _context2.abrupt("return", new Promise(function (resolve, reject) {
            var onError = function onError(err) {
              stream.off('readable', onReadable);
              reject(err);
            };
            var onReadable = function onReadable() {
              // TODO: Node requires size to be less than 1GB. Add a validation for that
              var chunk = stream.read(size);
              if (chunk !== null) {
                stream.off('error', onError);
                stream.off('readable', onReadable);
                resolve(chunk);
              }
            };
            stream.once('error', onError);
            stream.on('readable', onReadable);
          }));
        case 1:
        case "end":
          return _context2.stop();
      }
    }, _callee2);
  }));
  return _readChunk.apply(this, arguments);
}
var StreamSource = exports["default"] = /*#__PURE__*/function () {
  function StreamSource(stream) {
    var _this = this;
    _classCallCheck(this, StreamSource);
    this._stream = stream;

    // Setting the size to null indicates that we have no calculation available
    // for how much data this stream will emit requiring the user to specify
    // it manually (see the `uploadSize` option).
    this.size = null;
    this._buf = Buffer.alloc(0);
    this._bufPos = 0;
    this._ended = false;
    this._error = null;
    stream.pause();
    stream.on('end', function () {
      _this._ended = true;
    });
    stream.on('error', function (err) {
      _this._error = err;
    });
  }
  return _createClass(StreamSource, [{
    key: "slice",
    value: function () {
      var _slice = _asyncToGenerator( /*#__PURE__*/_regeneratorRuntime().mark(function _callee(start, end) {
        var returnBuffer, bufStart, bufEnd, requestedSize, newChunk;
        return _regeneratorRuntime().wrap(function _callee$(_context) {
          while (1) switch (_context.prev = _context.next) {
            case 0:
              if (!(start < this._bufPos)) {
                _context.next = 2;
                break;
              }
              throw new Error('cannot slice from position which we already seeked away');
            case 2:
              if (!(start > this._bufPos + this._buf.length)) {
                _context.next = 4;
                break;
              }
              throw new Error('slice start is outside of buffer (currently not implemented)');
            case 4:
              if (!this._error) {
                _context.next = 6;
                break;
              }
              throw this._error;
            case 6:
              // Always attempt to drain the buffer first, even if this means that we
              // return less data than the caller requested.
              if (start < this._bufPos + this._buf.length) {
                bufStart = start - this._bufPos;
                bufEnd = Math.min(this._buf.length, end - this._bufPos);
                returnBuffer = this._buf.slice(bufStart, bufEnd);
              } else {
                returnBuffer = Buffer.alloc(0);
              }

              // If the stream has ended already, read calls would not finish, so return early here.
              if (!this._ended) {
                _context.next = 10;
                break;
              }
              returnBuffer.size = returnBuffer.length;
              return _context.abrupt("return", {
                value: returnBuffer,
                done: true
              });
            case 10:
              // If we could not satisfy the slice request from the buffer only, read more data from
              // the stream and add it to the buffer.
              requestedSize = end - start;
              if (!(requestedSize > returnBuffer.length)) {
                _context.next = 16;
                break;
              }
              _context.next = 14;
              return readChunk(this._stream, requestedSize - returnBuffer.length);
            case 14:
              newChunk = _context.sent;
              // Append the new chunk to the buffer
              returnBuffer = Buffer.concat([returnBuffer, newChunk]);
            case 16:
              // Important: Store the read data, so consecutive slice calls can access the same data.
              this._buf = returnBuffer;
              this._bufPos = start;
              returnBuffer.size = returnBuffer.length;
              return _context.abrupt("return", {
                value: returnBuffer,
                done: this._ended
              });
            case 20:
            case "end":
              return _context.stop();
          }
        }, _callee, this);
      }));
      function slice(_x3, _x4) {
        return _slice.apply(this, arguments);
      }
      return slice;
    }()
  }, {
    key: "close",
    value: function close() {
      this._stream.destroy();
    }
  }]);
}();

/***/ }),

/***/ 6614:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



Object.defineProperty(exports, "__esModule", ({
  value: true
}));
exports.canStoreURLs = exports.FileUrlStorage = void 0;
var _fs = __nccwpck_require__(9896);
var _combineErrors = _interopRequireDefault(__nccwpck_require__(5283));
var lockfile = _interopRequireWildcard(__nccwpck_require__(3648));
function _getRequireWildcardCache(e) { if ("function" != typeof WeakMap) return null; var r = new WeakMap(), t = new WeakMap(); return (_getRequireWildcardCache = function (e) { return e ? t : r; })(e); }
function _interopRequireWildcard(e, r) { if (!r && e && e.__esModule) return e; if (null === e || "object" != typeof e && "function" != typeof e) return { default: e }; var t = _getRequireWildcardCache(r); if (t && t.has(e)) return t.get(e); var n = { __proto__: null }, a = Object.defineProperty && Object.getOwnPropertyDescriptor; for (var u in e) if ("default" !== u && {}.hasOwnProperty.call(e, u)) { var i = a ? Object.getOwnPropertyDescriptor(e, u) : null; i && (i.get || i.set) ? Object.defineProperty(n, u, i) : n[u] = e[u]; } return n.default = e, t && t.set(e, n), n; }
function _interopRequireDefault(obj) { return obj && obj.__esModule ? obj : { default: obj }; }
function _typeof(o) {
  "@babel/helpers - typeof";

  return _typeof = "function" == typeof Symbol && "symbol" == typeof Symbol.iterator ? function (o) {
    return typeof o;
  } : function (o) {
    return o && "function" == typeof Symbol && o.constructor === Symbol && o !== Symbol.prototype ? "symbol" : typeof o;
  }, _typeof(o);
}
function _classCallCheck(instance, Constructor) {
  if (!(instance instanceof Constructor)) {
    throw new TypeError("Cannot call a class as a function");
  }
}
function _defineProperties(target, props) {
  for (var i = 0; i < props.length; i++) {
    var descriptor = props[i];
    descriptor.enumerable = descriptor.enumerable || false;
    descriptor.configurable = true;
    if ("value" in descriptor) descriptor.writable = true;
    Object.defineProperty(target, _toPropertyKey(descriptor.key), descriptor);
  }
}
function _createClass(Constructor, protoProps, staticProps) {
  if (protoProps) _defineProperties(Constructor.prototype, protoProps);
  if (staticProps) _defineProperties(Constructor, staticProps);
  Object.defineProperty(Constructor, "prototype", {
    writable: false
  });
  return Constructor;
}
function _toPropertyKey(t) {
  var i = _toPrimitive(t, "string");
  return "symbol" == _typeof(i) ? i : i + "";
}
function _toPrimitive(t, r) {
  if ("object" != _typeof(t) || !t) return t;
  var e = t[Symbol.toPrimitive];
  if (void 0 !== e) {
    var i = e.call(t, r || "default");
    if ("object" != _typeof(i)) return i;
    throw new TypeError("@@toPrimitive must return a primitive value.");
  }
  return ("string" === r ? String : Number)(t);
}
var canStoreURLs = exports.canStoreURLs = true;
var FileUrlStorage = exports.FileUrlStorage = /*#__PURE__*/function () {
  function FileUrlStorage(filePath) {
    _classCallCheck(this, FileUrlStorage);
    this.path = filePath;
  }
  return _createClass(FileUrlStorage, [{
    key: "findAllUploads",
    value: function findAllUploads() {
      var _this = this;
      return new Promise(function (resolve, reject) {
        _this._getItems('tus::', function (err, results) {
          if (err) reject(err);else resolve(results);
        });
      });
    }
  }, {
    key: "findUploadsByFingerprint",
    value: function findUploadsByFingerprint(fingerprint) {
      var _this2 = this;
      return new Promise(function (resolve, reject) {
        _this2._getItems("tus::".concat(fingerprint), function (err, results) {
          if (err) reject(err);else resolve(results);
        });
      });
    }
  }, {
    key: "removeUpload",
    value: function removeUpload(urlStorageKey) {
      var _this3 = this;
      return new Promise(function (resolve, reject) {
        _this3._removeItem(urlStorageKey, function (err) {
          if (err) reject(err);else resolve();
        });
      });
    }
  }, {
    key: "addUpload",
    value: function addUpload(fingerprint, upload) {
      var _this4 = this;
      var id = Math.round(Math.random() * 1e12);
      var key = "tus::".concat(fingerprint, "::").concat(id);
      return new Promise(function (resolve, reject) {
        _this4._setItem(key, upload, function (err) {
          if (err) reject(err);else resolve(key);
        });
      });
    }
  }, {
    key: "_setItem",
    value: function _setItem(key, value, cb) {
      var _this5 = this;
      lockfile.lock(this.path, this._lockfileOptions()).then(function (release) {
        cb = _this5._releaseAndCb(release, cb);
        _this5._getData(function (err, data) {
          if (err) {
            cb(err);
            return;
          }
          data[key] = value;
          _this5._writeData(data, function (err2) {
            return cb(err2);
          });
        });
      })["catch"](cb);
    }
  }, {
    key: "_getItems",
    value: function _getItems(prefix, cb) {
      this._getData(function (err, data) {
        if (err) {
          cb(err);
          return;
        }
        var results = Object.keys(data).filter(function (key) {
          return key.startsWith(prefix);
        }).map(function (key) {
          var obj = data[key];
          obj.urlStorageKey = key;
          return obj;
        });
        cb(null, results);
      });
    }
  }, {
    key: "_removeItem",
    value: function _removeItem(key, cb) {
      var _this6 = this;
      lockfile.lock(this.path, this._lockfileOptions()).then(function (release) {
        cb = _this6._releaseAndCb(release, cb);
        _this6._getData(function (err, data) {
          if (err) {
            cb(err);
            return;
          }
          delete data[key];
          _this6._writeData(data, function (err2) {
            return cb(err2);
          });
        });
      })["catch"](cb);
    }
  }, {
    key: "_lockfileOptions",
    value: function _lockfileOptions() {
      return {
        realpath: false,
        retries: {
          retries: 5,
          minTimeout: 20
        }
      };
    }
  }, {
    key: "_releaseAndCb",
    value: function _releaseAndCb(release, cb) {
      return function (err) {
        if (err) {
          release().then(function () {
            return cb(err);
          })["catch"](function (releaseErr) {
            return cb((0, _combineErrors.default)([err, releaseErr]));
          });
          return;
        }
        release().then(cb)["catch"](cb);
      };
    }
  }, {
    key: "_writeData",
    value: function _writeData(data, cb) {
      var opts = {
        encoding: 'utf8',
        mode: 432,
        flag: 'w'
      };
      (0, _fs.writeFile)(this.path, JSON.stringify(data), opts, function (err) {
        return cb(err);
      });
    }
  }, {
    key: "_getData",
    value: function _getData(cb) {
      (0, _fs.readFile)(this.path, 'utf8', function (err, data) {
        if (err) {
          // return empty data if file does not exist
          if (err.code === 'ENOENT') cb(null, {});else cb(err);
          return;
        }
        try {
          data = !data.trim().length ? {} : JSON.parse(data);
        } catch (error) {
          cb(error);
          return;
        }
        cb(null, data);
      });
    }
  }]);
}();

/***/ }),

/***/ 4059:
/***/ ((__unused_webpack_module, exports) => {



Object.defineProperty(exports, "__esModule", ({
  value: true
}));
exports["default"] = void 0;
function _typeof(o) {
  "@babel/helpers - typeof";

  return _typeof = "function" == typeof Symbol && "symbol" == typeof Symbol.iterator ? function (o) {
    return typeof o;
  } : function (o) {
    return o && "function" == typeof Symbol && o.constructor === Symbol && o !== Symbol.prototype ? "symbol" : typeof o;
  }, _typeof(o);
}
function _classCallCheck(instance, Constructor) {
  if (!(instance instanceof Constructor)) {
    throw new TypeError("Cannot call a class as a function");
  }
}
function _defineProperties(target, props) {
  for (var i = 0; i < props.length; i++) {
    var descriptor = props[i];
    descriptor.enumerable = descriptor.enumerable || false;
    descriptor.configurable = true;
    if ("value" in descriptor) descriptor.writable = true;
    Object.defineProperty(target, _toPropertyKey(descriptor.key), descriptor);
  }
}
function _createClass(Constructor, protoProps, staticProps) {
  if (protoProps) _defineProperties(Constructor.prototype, protoProps);
  if (staticProps) _defineProperties(Constructor, staticProps);
  Object.defineProperty(Constructor, "prototype", {
    writable: false
  });
  return Constructor;
}
function _toPropertyKey(t) {
  var i = _toPrimitive(t, "string");
  return "symbol" == _typeof(i) ? i : i + "";
}
function _toPrimitive(t, r) {
  if ("object" != _typeof(t) || !t) return t;
  var e = t[Symbol.toPrimitive];
  if (void 0 !== e) {
    var i = e.call(t, r || "default");
    if ("object" != _typeof(i)) return i;
    throw new TypeError("@@toPrimitive must return a primitive value.");
  }
  return ("string" === r ? String : Number)(t);
}
var NoopUrlStorage = exports["default"] = /*#__PURE__*/function () {
  function NoopUrlStorage() {
    _classCallCheck(this, NoopUrlStorage);
  }
  return _createClass(NoopUrlStorage, [{
    key: "listAllUploads",
    value: function listAllUploads() {
      return Promise.resolve([]);
    }
  }, {
    key: "findUploadsByFingerprint",
    value: function findUploadsByFingerprint(_fingerprint) {
      return Promise.resolve([]);
    }
  }, {
    key: "removeUpload",
    value: function removeUpload(_urlStorageKey) {
      return Promise.resolve();
    }
  }, {
    key: "addUpload",
    value: function addUpload(_fingerprint, _upload) {
      return Promise.resolve(null);
    }
  }]);
}();

/***/ }),

/***/ 4988:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



Object.defineProperty(exports, "__esModule", ({
  value: true
}));
exports["default"] = void 0;
var _jsBase = __nccwpck_require__(5810);
var _urlParse = _interopRequireDefault(__nccwpck_require__(7291));
var _error = _interopRequireDefault(__nccwpck_require__(9163));
var _logger = __nccwpck_require__(8185);
var _uuid = _interopRequireDefault(__nccwpck_require__(3070));
function _interopRequireDefault(obj) { return obj && obj.__esModule ? obj : { default: obj }; }
function _regeneratorRuntime() {
  "use strict";

  /*! regenerator-runtime -- Copyright (c) 2014-present, Facebook, Inc. -- license (MIT): https://github.com/facebook/regenerator/blob/main/LICENSE */
  _regeneratorRuntime = function _regeneratorRuntime() {
    return e;
  };
  var t,
    e = {},
    r = Object.prototype,
    n = r.hasOwnProperty,
    o = Object.defineProperty || function (t, e, r) {
      t[e] = r.value;
    },
    i = "function" == typeof Symbol ? Symbol : {},
    a = i.iterator || "@@iterator",
    c = i.asyncIterator || "@@asyncIterator",
    u = i.toStringTag || "@@toStringTag";
  function define(t, e, r) {
    return Object.defineProperty(t, e, {
      value: r,
      enumerable: !0,
      configurable: !0,
      writable: !0
    }), t[e];
  }
  try {
    define({}, "");
  } catch (t) {
    define = function define(t, e, r) {
      return t[e] = r;
    };
  }
  function wrap(t, e, r, n) {
    var i = e && e.prototype instanceof Generator ? e : Generator,
      a = Object.create(i.prototype),
      c = new Context(n || []);
    return o(a, "_invoke", {
      value: makeInvokeMethod(t, r, c)
    }), a;
  }
  function tryCatch(t, e, r) {
    try {
      return {
        type: "normal",
        arg: t.call(e, r)
      };
    } catch (t) {
      return {
        type: "throw",
        arg: t
      };
    }
  }
  e.wrap = wrap;
  var h = "suspendedStart",
    l = "suspendedYield",
    f = "executing",
    s = "completed",
    y = {};
  function Generator() {}
  function GeneratorFunction() {}
  function GeneratorFunctionPrototype() {}
  var p = {};
  define(p, a, function () {
    return this;
  });
  var d = Object.getPrototypeOf,
    v = d && d(d(values([])));
  v && v !== r && n.call(v, a) && (p = v);
  var g = GeneratorFunctionPrototype.prototype = Generator.prototype = Object.create(p);
  function defineIteratorMethods(t) {
    ["next", "throw", "return"].forEach(function (e) {
      define(t, e, function (t) {
        return this._invoke(e, t);
      });
    });
  }
  function AsyncIterator(t, e) {
    function invoke(r, o, i, a) {
      var c = tryCatch(t[r], t, o);
      if ("throw" !== c.type) {
        var u = c.arg,
          h = u.value;
        return h && "object" == _typeof(h) && n.call(h, "__await") ? e.resolve(h.__await).then(function (t) {
          invoke("next", t, i, a);
        }, function (t) {
          invoke("throw", t, i, a);
        }) : e.resolve(h).then(function (t) {
          u.value = t, i(u);
        }, function (t) {
          return invoke("throw", t, i, a);
        });
      }
      a(c.arg);
    }
    var r;
    o(this, "_invoke", {
      value: function value(t, n) {
        function callInvokeWithMethodAndArg() {
          return new e(function (e, r) {
            invoke(t, n, e, r);
          });
        }
        return r = r ? r.then(callInvokeWithMethodAndArg, callInvokeWithMethodAndArg) : callInvokeWithMethodAndArg();
      }
    });
  }
  function makeInvokeMethod(e, r, n) {
    var o = h;
    return function (i, a) {
      if (o === f) throw Error("Generator is already running");
      if (o === s) {
        if ("throw" === i) throw a;
        return {
          value: t,
          done: !0
        };
      }
      for (n.method = i, n.arg = a;;) {
        var c = n.delegate;
        if (c) {
          var u = maybeInvokeDelegate(c, n);
          if (u) {
            if (u === y) continue;
            return u;
          }
        }
        if ("next" === n.method) n.sent = n._sent = n.arg;else if ("throw" === n.method) {
          if (o === h) throw o = s, n.arg;
          n.dispatchException(n.arg);
        } else "return" === n.method && n.abrupt("return", n.arg);
        o = f;
        var p = tryCatch(e, r, n);
        if ("normal" === p.type) {
          if (o = n.done ? s : l, p.arg === y) continue;
          return {
            value: p.arg,
            done: n.done
          };
        }
        "throw" === p.type && (o = s, n.method = "throw", n.arg = p.arg);
      }
    };
  }
  function maybeInvokeDelegate(e, r) {
    var n = r.method,
      o = e.iterator[n];
    if (o === t) return r.delegate = null, "throw" === n && e.iterator["return"] && (r.method = "return", r.arg = t, maybeInvokeDelegate(e, r), "throw" === r.method) || "return" !== n && (r.method = "throw", r.arg = new TypeError("The iterator does not provide a '" + n + "' method")), y;
    var i = tryCatch(o, e.iterator, r.arg);
    if ("throw" === i.type) return r.method = "throw", r.arg = i.arg, r.delegate = null, y;
    var a = i.arg;
    return a ? a.done ? (r[e.resultName] = a.value, r.next = e.nextLoc, "return" !== r.method && (r.method = "next", r.arg = t), r.delegate = null, y) : a : (r.method = "throw", r.arg = new TypeError("iterator result is not an object"), r.delegate = null, y);
  }
  function pushTryEntry(t) {
    var e = {
      tryLoc: t[0]
    };
    1 in t && (e.catchLoc = t[1]), 2 in t && (e.finallyLoc = t[2], e.afterLoc = t[3]), this.tryEntries.push(e);
  }
  function resetTryEntry(t) {
    var e = t.completion || {};
    e.type = "normal", delete e.arg, t.completion = e;
  }
  function Context(t) {
    this.tryEntries = [{
      tryLoc: "root"
    }], t.forEach(pushTryEntry, this), this.reset(!0);
  }
  function values(e) {
    if (e || "" === e) {
      var r = e[a];
      if (r) return r.call(e);
      if ("function" == typeof e.next) return e;
      if (!isNaN(e.length)) {
        var o = -1,
          i = function next() {
            for (; ++o < e.length;) if (n.call(e, o)) return next.value = e[o], next.done = !1, next;
            return next.value = t, next.done = !0, next;
          };
        return i.next = i;
      }
    }
    throw new TypeError(_typeof(e) + " is not iterable");
  }
  return GeneratorFunction.prototype = GeneratorFunctionPrototype, o(g, "constructor", {
    value: GeneratorFunctionPrototype,
    configurable: !0
  }), o(GeneratorFunctionPrototype, "constructor", {
    value: GeneratorFunction,
    configurable: !0
  }), GeneratorFunction.displayName = define(GeneratorFunctionPrototype, u, "GeneratorFunction"), e.isGeneratorFunction = function (t) {
    var e = "function" == typeof t && t.constructor;
    return !!e && (e === GeneratorFunction || "GeneratorFunction" === (e.displayName || e.name));
  }, e.mark = function (t) {
    return Object.setPrototypeOf ? Object.setPrototypeOf(t, GeneratorFunctionPrototype) : (t.__proto__ = GeneratorFunctionPrototype, define(t, u, "GeneratorFunction")), t.prototype = Object.create(g), t;
  }, e.awrap = function (t) {
    return {
      __await: t
    };
  }, defineIteratorMethods(AsyncIterator.prototype), define(AsyncIterator.prototype, c, function () {
    return this;
  }), e.AsyncIterator = AsyncIterator, e.async = function (t, r, n, o, i) {
    void 0 === i && (i = Promise);
    var a = new AsyncIterator(wrap(t, r, n, o), i);
    return e.isGeneratorFunction(r) ? a : a.next().then(function (t) {
      return t.done ? t.value : a.next();
    });
  }, defineIteratorMethods(g), define(g, u, "Generator"), define(g, a, function () {
    return this;
  }), define(g, "toString", function () {
    return "[object Generator]";
  }), e.keys = function (t) {
    var e = Object(t),
      r = [];
    for (var n in e) r.push(n);
    return r.reverse(), function next() {
      for (; r.length;) {
        var t = r.pop();
        if (t in e) return next.value = t, next.done = !1, next;
      }
      return next.done = !0, next;
    };
  }, e.values = values, Context.prototype = {
    constructor: Context,
    reset: function reset(e) {
      if (this.prev = 0, this.next = 0, this.sent = this._sent = t, this.done = !1, this.delegate = null, this.method = "next", this.arg = t, this.tryEntries.forEach(resetTryEntry), !e) for (var r in this) "t" === r.charAt(0) && n.call(this, r) && !isNaN(+r.slice(1)) && (this[r] = t);
    },
    stop: function stop() {
      this.done = !0;
      var t = this.tryEntries[0].completion;
      if ("throw" === t.type) throw t.arg;
      return this.rval;
    },
    dispatchException: function dispatchException(e) {
      if (this.done) throw e;
      var r = this;
      function handle(n, o) {
        return a.type = "throw", a.arg = e, r.next = n, o && (r.method = "next", r.arg = t), !!o;
      }
      for (var o = this.tryEntries.length - 1; o >= 0; --o) {
        var i = this.tryEntries[o],
          a = i.completion;
        if ("root" === i.tryLoc) return handle("end");
        if (i.tryLoc <= this.prev) {
          var c = n.call(i, "catchLoc"),
            u = n.call(i, "finallyLoc");
          if (c && u) {
            if (this.prev < i.catchLoc) return handle(i.catchLoc, !0);
            if (this.prev < i.finallyLoc) return handle(i.finallyLoc);
          } else if (c) {
            if (this.prev < i.catchLoc) return handle(i.catchLoc, !0);
          } else {
            if (!u) throw Error("try statement without catch or finally");
            if (this.prev < i.finallyLoc) return handle(i.finallyLoc);
          }
        }
      }
    },
    abrupt: function abrupt(t, e) {
      for (var r = this.tryEntries.length - 1; r >= 0; --r) {
        var o = this.tryEntries[r];
        if (o.tryLoc <= this.prev && n.call(o, "finallyLoc") && this.prev < o.finallyLoc) {
          var i = o;
          break;
        }
      }
      i && ("break" === t || "continue" === t) && i.tryLoc <= e && e <= i.finallyLoc && (i = null);
      var a = i ? i.completion : {};
      return a.type = t, a.arg = e, i ? (this.method = "next", this.next = i.finallyLoc, y) : this.complete(a);
    },
    complete: function complete(t, e) {
      if ("throw" === t.type) throw t.arg;
      return "break" === t.type || "continue" === t.type ? this.next = t.arg : "return" === t.type ? (this.rval = this.arg = t.arg, this.method = "return", this.next = "end") : "normal" === t.type && e && (this.next = e), y;
    },
    finish: function finish(t) {
      for (var e = this.tryEntries.length - 1; e >= 0; --e) {
        var r = this.tryEntries[e];
        if (r.finallyLoc === t) return this.complete(r.completion, r.afterLoc), resetTryEntry(r), y;
      }
    },
    "catch": function _catch(t) {
      for (var e = this.tryEntries.length - 1; e >= 0; --e) {
        var r = this.tryEntries[e];
        if (r.tryLoc === t) {
          var n = r.completion;
          if ("throw" === n.type) {
            var o = n.arg;
            resetTryEntry(r);
          }
          return o;
        }
      }
      throw Error("illegal catch attempt");
    },
    delegateYield: function delegateYield(e, r, n) {
      return this.delegate = {
        iterator: values(e),
        resultName: r,
        nextLoc: n
      }, "next" === this.method && (this.arg = t), y;
    }
  }, e;
}
function asyncGeneratorStep(gen, resolve, reject, _next, _throw, key, arg) {
  try {
    var info = gen[key](arg);
    var value = info.value;
  } catch (error) {
    reject(error);
    return;
  }
  if (info.done) {
    resolve(value);
  } else {
    Promise.resolve(value).then(_next, _throw);
  }
}
function _asyncToGenerator(fn) {
  return function () {
    var self = this,
      args = arguments;
    return new Promise(function (resolve, reject) {
      var gen = fn.apply(self, args);
      function _next(value) {
        asyncGeneratorStep(gen, resolve, reject, _next, _throw, "next", value);
      }
      function _throw(err) {
        asyncGeneratorStep(gen, resolve, reject, _next, _throw, "throw", err);
      }
      _next(undefined);
    });
  };
}
function _slicedToArray(arr, i) {
  return _arrayWithHoles(arr) || _iterableToArrayLimit(arr, i) || _unsupportedIterableToArray(arr, i) || _nonIterableRest();
}
function _nonIterableRest() {
  throw new TypeError("Invalid attempt to destructure non-iterable instance.\nIn order to be iterable, non-array objects must have a [Symbol.iterator]() method.");
}
function _iterableToArrayLimit(r, l) {
  var t = null == r ? null : "undefined" != typeof Symbol && r[Symbol.iterator] || r["@@iterator"];
  if (null != t) {
    var e,
      n,
      i,
      u,
      a = [],
      f = !0,
      o = !1;
    try {
      if (i = (t = t.call(r)).next, 0 === l) {
        if (Object(t) !== t) return;
        f = !1;
      } else for (; !(f = (e = i.call(t)).done) && (a.push(e.value), a.length !== l); f = !0);
    } catch (r) {
      o = !0, n = r;
    } finally {
      try {
        if (!f && null != t["return"] && (u = t["return"](), Object(u) !== u)) return;
      } finally {
        if (o) throw n;
      }
    }
    return a;
  }
}
function _arrayWithHoles(arr) {
  if (Array.isArray(arr)) return arr;
}
function _typeof(o) {
  "@babel/helpers - typeof";

  return _typeof = "function" == typeof Symbol && "symbol" == typeof Symbol.iterator ? function (o) {
    return typeof o;
  } : function (o) {
    return o && "function" == typeof Symbol && o.constructor === Symbol && o !== Symbol.prototype ? "symbol" : typeof o;
  }, _typeof(o);
}
function _createForOfIteratorHelper(o, allowArrayLike) {
  var it = typeof Symbol !== "undefined" && o[Symbol.iterator] || o["@@iterator"];
  if (!it) {
    if (Array.isArray(o) || (it = _unsupportedIterableToArray(o)) || allowArrayLike && o && typeof o.length === "number") {
      if (it) o = it;
      var i = 0;
      var F = function F() {};
      return {
        s: F,
        n: function n() {
          if (i >= o.length) return {
            done: true
          };
          return {
            done: false,
            value: o[i++]
          };
        },
        e: function e(_e) {
          throw _e;
        },
        f: F
      };
    }
    throw new TypeError("Invalid attempt to iterate non-iterable instance.\nIn order to be iterable, non-array objects must have a [Symbol.iterator]() method.");
  }
  var normalCompletion = true,
    didErr = false,
    err;
  return {
    s: function s() {
      it = it.call(o);
    },
    n: function n() {
      var step = it.next();
      normalCompletion = step.done;
      return step;
    },
    e: function e(_e2) {
      didErr = true;
      err = _e2;
    },
    f: function f() {
      try {
        if (!normalCompletion && it["return"] != null) it["return"]();
      } finally {
        if (didErr) throw err;
      }
    }
  };
}
function _unsupportedIterableToArray(o, minLen) {
  if (!o) return;
  if (typeof o === "string") return _arrayLikeToArray(o, minLen);
  var n = Object.prototype.toString.call(o).slice(8, -1);
  if (n === "Object" && o.constructor) n = o.constructor.name;
  if (n === "Map" || n === "Set") return Array.from(o);
  if (n === "Arguments" || /^(?:Ui|I)nt(?:8|16|32)(?:Clamped)?Array$/.test(n)) return _arrayLikeToArray(o, minLen);
}
function _arrayLikeToArray(arr, len) {
  if (len == null || len > arr.length) len = arr.length;
  for (var i = 0, arr2 = new Array(len); i < len; i++) arr2[i] = arr[i];
  return arr2;
}
function ownKeys(e, r) {
  var t = Object.keys(e);
  if (Object.getOwnPropertySymbols) {
    var o = Object.getOwnPropertySymbols(e);
    r && (o = o.filter(function (r) {
      return Object.getOwnPropertyDescriptor(e, r).enumerable;
    })), t.push.apply(t, o);
  }
  return t;
}
function _objectSpread(e) {
  for (var r = 1; r < arguments.length; r++) {
    var t = null != arguments[r] ? arguments[r] : {};
    r % 2 ? ownKeys(Object(t), !0).forEach(function (r) {
      _defineProperty(e, r, t[r]);
    }) : Object.getOwnPropertyDescriptors ? Object.defineProperties(e, Object.getOwnPropertyDescriptors(t)) : ownKeys(Object(t)).forEach(function (r) {
      Object.defineProperty(e, r, Object.getOwnPropertyDescriptor(t, r));
    });
  }
  return e;
}
function _defineProperty(obj, key, value) {
  key = _toPropertyKey(key);
  if (key in obj) {
    Object.defineProperty(obj, key, {
      value: value,
      enumerable: true,
      configurable: true,
      writable: true
    });
  } else {
    obj[key] = value;
  }
  return obj;
}
function _classCallCheck(instance, Constructor) {
  if (!(instance instanceof Constructor)) {
    throw new TypeError("Cannot call a class as a function");
  }
}
function _defineProperties(target, props) {
  for (var i = 0; i < props.length; i++) {
    var descriptor = props[i];
    descriptor.enumerable = descriptor.enumerable || false;
    descriptor.configurable = true;
    if ("value" in descriptor) descriptor.writable = true;
    Object.defineProperty(target, _toPropertyKey(descriptor.key), descriptor);
  }
}
function _createClass(Constructor, protoProps, staticProps) {
  if (protoProps) _defineProperties(Constructor.prototype, protoProps);
  if (staticProps) _defineProperties(Constructor, staticProps);
  Object.defineProperty(Constructor, "prototype", {
    writable: false
  });
  return Constructor;
}
function _toPropertyKey(t) {
  var i = _toPrimitive(t, "string");
  return "symbol" == _typeof(i) ? i : i + "";
}
function _toPrimitive(t, r) {
  if ("object" != _typeof(t) || !t) return t;
  var e = t[Symbol.toPrimitive];
  if (void 0 !== e) {
    var i = e.call(t, r || "default");
    if ("object" != _typeof(i)) return i;
    throw new TypeError("@@toPrimitive must return a primitive value.");
  }
  return ("string" === r ? String : Number)(t);
}
var PROTOCOL_TUS_V1 = 'tus-v1';
var PROTOCOL_IETF_DRAFT_03 = 'ietf-draft-03';
var PROTOCOL_IETF_DRAFT_05 = 'ietf-draft-05';
var defaultOptions = {
  endpoint: null,
  uploadUrl: null,
  metadata: {},
  metadataForPartialUploads: {},
  fingerprint: null,
  uploadSize: null,
  onProgress: null,
  onChunkComplete: null,
  onSuccess: null,
  onError: null,
  onUploadUrlAvailable: null,
  overridePatchMethod: false,
  headers: {},
  addRequestId: false,
  onBeforeRequest: null,
  onAfterResponse: null,
  onShouldRetry: defaultOnShouldRetry,
  chunkSize: Number.POSITIVE_INFINITY,
  retryDelays: [0, 1000, 3000, 5000],
  parallelUploads: 1,
  parallelUploadBoundaries: null,
  storeFingerprintForResuming: true,
  removeFingerprintOnSuccess: false,
  uploadLengthDeferred: false,
  uploadDataDuringCreation: false,
  urlStorage: null,
  fileReader: null,
  httpStack: null,
  protocol: PROTOCOL_TUS_V1
};
var BaseUpload = /*#__PURE__*/function () {
  function BaseUpload(file, options) {
    _classCallCheck(this, BaseUpload);
    // Warn about removed options from previous versions
    if ('resume' in options) {
      console.log('tus: The `resume` option has been removed in tus-js-client v2. Please use the URL storage API instead.');
    }

    // The default options will already be added from the wrapper classes.
    this.options = options;

    // Cast chunkSize to integer
    this.options.chunkSize = Number(this.options.chunkSize);

    // The storage module used to store URLs
    this._urlStorage = this.options.urlStorage;

    // The underlying File/Blob object
    this.file = file;

    // The URL against which the file will be uploaded
    this.url = null;

    // The underlying request object for the current PATCH request
    this._req = null;

    // The fingerpinrt for the current file (set after start())
    this._fingerprint = null;

    // The key that the URL storage returned when saving an URL with a fingerprint,
    this._urlStorageKey = null;

    // The offset used in the current PATCH request
    this._offset = null;

    // True if the current PATCH request has been aborted
    this._aborted = false;

    // The file's size in bytes
    this._size = null;

    // The Source object which will wrap around the given file and provides us
    // with a unified interface for getting its size and slice chunks from its
    // content allowing us to easily handle Files, Blobs, Buffers and Streams.
    this._source = null;

    // The current count of attempts which have been made. Zero indicates none.
    this._retryAttempt = 0;

    // The timeout's ID which is used to delay the next retry
    this._retryTimeout = null;

    // The offset of the remote upload before the latest attempt was started.
    this._offsetBeforeRetry = 0;

    // An array of BaseUpload instances which are used for uploading the different
    // parts, if the parallelUploads option is used.
    this._parallelUploads = null;

    // An array of upload URLs which are used for uploading the different
    // parts, if the parallelUploads option is used.
    this._parallelUploadUrls = null;
  }

  /**
   * Use the Termination extension to delete an upload from the server by sending a DELETE
   * request to the specified upload URL. This is only possible if the server supports the
   * Termination extension. If the `options.retryDelays` property is set, the method will
   * also retry if an error ocurrs.
   *
   * @param {String} url The upload's URL which will be terminated.
   * @param {object} options Optional options for influencing HTTP requests.
   * @return {Promise} The Promise will be resolved/rejected when the requests finish.
   */
  return _createClass(BaseUpload, [{
    key: "findPreviousUploads",
    value: function findPreviousUploads() {
      var _this = this;
      return this.options.fingerprint(this.file, this.options).then(function (fingerprint) {
        return _this._urlStorage.findUploadsByFingerprint(fingerprint);
      });
    }
  }, {
    key: "resumeFromPreviousUpload",
    value: function resumeFromPreviousUpload(previousUpload) {
      this.url = previousUpload.uploadUrl || null;
      this._parallelUploadUrls = previousUpload.parallelUploadUrls || null;
      this._urlStorageKey = previousUpload.urlStorageKey;
    }
  }, {
    key: "start",
    value: function start() {
      var _this2 = this;
      var file = this.file;
      if (!file) {
        this._emitError(new Error('tus: no file or stream to upload provided'));
        return;
      }
      if (![PROTOCOL_TUS_V1, PROTOCOL_IETF_DRAFT_03, PROTOCOL_IETF_DRAFT_05].includes(this.options.protocol)) {
        this._emitError(new Error("tus: unsupported protocol ".concat(this.options.protocol)));
        return;
      }
      if (!this.options.endpoint && !this.options.uploadUrl && !this.url) {
        this._emitError(new Error('tus: neither an endpoint or an upload URL is provided'));
        return;
      }
      var retryDelays = this.options.retryDelays;
      if (retryDelays != null && Object.prototype.toString.call(retryDelays) !== '[object Array]') {
        this._emitError(new Error('tus: the `retryDelays` option must either be an array or null'));
        return;
      }
      if (this.options.parallelUploads > 1) {
        // Test which options are incompatible with parallel uploads.
        for (var _i = 0, _arr = ['uploadUrl', 'uploadSize', 'uploadLengthDeferred']; _i < _arr.length; _i++) {
          var optionName = _arr[_i];
          if (this.options[optionName]) {
            this._emitError(new Error("tus: cannot use the ".concat(optionName, " option when parallelUploads is enabled")));
            return;
          }
        }
      }
      if (this.options.parallelUploadBoundaries) {
        if (this.options.parallelUploads <= 1) {
          this._emitError(new Error('tus: cannot use the `parallelUploadBoundaries` option when `parallelUploads` is disabled'));
          return;
        }
        if (this.options.parallelUploads !== this.options.parallelUploadBoundaries.length) {
          this._emitError(new Error('tus: the `parallelUploadBoundaries` must have the same length as the value of `parallelUploads`'));
          return;
        }
      }
      this.options.fingerprint(file, this.options).then(function (fingerprint) {
        if (fingerprint == null) {
          (0, _logger.log)('No fingerprint was calculated meaning that the upload cannot be stored in the URL storage.');
        } else {
          (0, _logger.log)("Calculated fingerprint: ".concat(fingerprint));
        }
        _this2._fingerprint = fingerprint;
        if (_this2._source) {
          return _this2._source;
        }
        return _this2.options.fileReader.openFile(file, _this2.options.chunkSize);
      }).then(function (source) {
        _this2._source = source;

        // First, we look at the uploadLengthDeferred option.
        // Next, we check if the caller has supplied a manual upload size.
        // Finally, we try to use the calculated size from the source object.
        if (_this2.options.uploadLengthDeferred) {
          _this2._size = null;
        } else if (_this2.options.uploadSize != null) {
          _this2._size = Number(_this2.options.uploadSize);
          if (Number.isNaN(_this2._size)) {
            _this2._emitError(new Error('tus: cannot convert `uploadSize` option into a number'));
            return;
          }
        } else {
          _this2._size = _this2._source.size;
          if (_this2._size == null) {
            _this2._emitError(new Error("tus: cannot automatically derive upload's size from input. Specify it manually using the `uploadSize` option or use the `uploadLengthDeferred` option"));
            return;
          }
        }

        // If the upload was configured to use multiple requests or if we resume from
        // an upload which used multiple requests, we start a parallel upload.
        if (_this2.options.parallelUploads > 1 || _this2._parallelUploadUrls != null) {
          _this2._startParallelUpload();
        } else {
          _this2._startSingleUpload();
        }
      })["catch"](function (err) {
        _this2._emitError(err);
      });
    }

    /**
     * Initiate the uploading procedure for a parallelized upload, where one file is split into
     * multiple request which are run in parallel.
     *
     * @api private
     */
  }, {
    key: "_startParallelUpload",
    value: function _startParallelUpload() {
      var _this$options$paralle,
        _this3 = this;
      var totalSize = this._size;
      var totalProgress = 0;
      this._parallelUploads = [];
      var partCount = this._parallelUploadUrls != null ? this._parallelUploadUrls.length : this.options.parallelUploads;

      // The input file will be split into multiple slices which are uploaded in separate
      // requests. Here we get the start and end position for the slices.
      var parts = (_this$options$paralle = this.options.parallelUploadBoundaries) !== null && _this$options$paralle !== void 0 ? _this$options$paralle : splitSizeIntoParts(this._source.size, partCount);

      // Attach URLs from previous uploads, if available.
      if (this._parallelUploadUrls) {
        parts.forEach(function (part, index) {
          part.uploadUrl = _this3._parallelUploadUrls[index] || null;
        });
      }

      // Create an empty list for storing the upload URLs
      this._parallelUploadUrls = new Array(parts.length);

      // Generate a promise for each slice that will be resolve if the respective
      // upload is completed.
      var uploads = parts.map(function (part, index) {
        var lastPartProgress = 0;
        return _this3._source.slice(part.start, part.end).then(function (_ref) {
          var value = _ref.value;
          return new Promise(function (resolve, reject) {
            // Merge with the user supplied options but overwrite some values.
            var options = _objectSpread(_objectSpread({}, _this3.options), {}, {
              // If available, the partial upload should be resumed from a previous URL.
              uploadUrl: part.uploadUrl || null,
              // We take manually care of resuming for partial uploads, so they should
              // not be stored in the URL storage.
              storeFingerprintForResuming: false,
              removeFingerprintOnSuccess: false,
              // Reset the parallelUploads option to not cause recursion.
              parallelUploads: 1,
              // Reset this option as we are not doing a parallel upload.
              parallelUploadBoundaries: null,
              metadata: _this3.options.metadataForPartialUploads,
              // Add the header to indicate the this is a partial upload.
              headers: _objectSpread(_objectSpread({}, _this3.options.headers), {}, {
                'Upload-Concat': 'partial'
              }),
              // Reject or resolve the promise if the upload errors or completes.
              onSuccess: resolve,
              onError: reject,
              // Based in the progress for this partial upload, calculate the progress
              // for the entire final upload.
              onProgress: function onProgress(newPartProgress) {
                totalProgress = totalProgress - lastPartProgress + newPartProgress;
                lastPartProgress = newPartProgress;
                _this3._emitProgress(totalProgress, totalSize);
              },
              // Wait until every partial upload has an upload URL, so we can add
              // them to the URL storage.
              onUploadUrlAvailable: function onUploadUrlAvailable() {
                _this3._parallelUploadUrls[index] = upload.url;
                // Test if all uploads have received an URL
                if (_this3._parallelUploadUrls.filter(function (u) {
                  return Boolean(u);
                }).length === parts.length) {
                  _this3._saveUploadInUrlStorage();
                }
              }
            });
            var upload = new BaseUpload(value, options);
            upload.start();

            // Store the upload in an array, so we can later abort them if necessary.
            _this3._parallelUploads.push(upload);
          });
        });
      });
      var req;
      // Wait until all partial uploads are finished and we can send the POST request for
      // creating the final upload.
      Promise.all(uploads).then(function () {
        req = _this3._openRequest('POST', _this3.options.endpoint);
        req.setHeader('Upload-Concat', "final;".concat(_this3._parallelUploadUrls.join(' ')));

        // Add metadata if values have been added
        var metadata = encodeMetadata(_this3.options.metadata);
        if (metadata !== '') {
          req.setHeader('Upload-Metadata', metadata);
        }
        return _this3._sendRequest(req, null);
      }).then(function (res) {
        if (!inStatusCategory(res.getStatus(), 200)) {
          _this3._emitHttpError(req, res, 'tus: unexpected response while creating upload');
          return;
        }
        var location = res.getHeader('Location');
        if (location == null) {
          _this3._emitHttpError(req, res, 'tus: invalid or missing Location header');
          return;
        }
        _this3.url = resolveUrl(_this3.options.endpoint, location);
        (0, _logger.log)("Created upload at ".concat(_this3.url));
        _this3._emitSuccess(res);
      })["catch"](function (err) {
        _this3._emitError(err);
      });
    }

    /**
     * Initiate the uploading procedure for a non-parallel upload. Here the entire file is
     * uploaded in a sequential matter.
     *
     * @api private
     */
  }, {
    key: "_startSingleUpload",
    value: function _startSingleUpload() {
      // Reset the aborted flag when the upload is started or else the
      // _performUpload will stop before sending a request if the upload has been
      // aborted previously.
      this._aborted = false;

      // The upload had been started previously and we should reuse this URL.
      if (this.url != null) {
        (0, _logger.log)("Resuming upload from previous URL: ".concat(this.url));
        this._resumeUpload();
        return;
      }

      // A URL has manually been specified, so we try to resume
      if (this.options.uploadUrl != null) {
        (0, _logger.log)("Resuming upload from provided URL: ".concat(this.options.uploadUrl));
        this.url = this.options.uploadUrl;
        this._resumeUpload();
        return;
      }

      // An upload has not started for the file yet, so we start a new one
      (0, _logger.log)('Creating a new upload');
      this._createUpload();
    }

    /**
     * Abort any running request and stop the current upload. After abort is called, no event
     * handler will be invoked anymore. You can use the `start` method to resume the upload
     * again.
     * If `shouldTerminate` is true, the `terminate` function will be called to remove the
     * current upload from the server.
     *
     * @param {boolean} shouldTerminate True if the upload should be deleted from the server.
     * @return {Promise} The Promise will be resolved/rejected when the requests finish.
     */
  }, {
    key: "abort",
    value: function abort(shouldTerminate) {
      var _this4 = this;
      // Stop any parallel partial uploads, that have been started in _startParallelUploads.
      if (this._parallelUploads != null) {
        var _iterator = _createForOfIteratorHelper(this._parallelUploads),
          _step;
        try {
          for (_iterator.s(); !(_step = _iterator.n()).done;) {
            var upload = _step.value;
            upload.abort(shouldTerminate);
          }
        } catch (err) {
          _iterator.e(err);
        } finally {
          _iterator.f();
        }
      }

      // Stop any current running request.
      if (this._req !== null) {
        this._req.abort();
        // Note: We do not close the file source here, so the user can resume in the future.
      }
      this._aborted = true;

      // Stop any timeout used for initiating a retry.
      if (this._retryTimeout != null) {
        clearTimeout(this._retryTimeout);
        this._retryTimeout = null;
      }
      if (!shouldTerminate || this.url == null) {
        return Promise.resolve();
      }
      return BaseUpload.terminate(this.url, this.options)
      // Remove entry from the URL storage since the upload URL is no longer valid.
      .then(function () {
        return _this4._removeFromUrlStorage();
      });
    }
  }, {
    key: "_emitHttpError",
    value: function _emitHttpError(req, res, message, causingErr) {
      this._emitError(new _error.default(message, causingErr, req, res));
    }
  }, {
    key: "_emitError",
    value: function _emitError(err) {
      var _this5 = this;
      // Do not emit errors, e.g. from aborted HTTP requests, if the upload has been stopped.
      if (this._aborted) return;

      // Check if we should retry, when enabled, before sending the error to the user.
      if (this.options.retryDelays != null) {
        // We will reset the attempt counter if
        // - we were already able to connect to the server (offset != null) and
        // - we were able to upload a small chunk of data to the server
        var shouldResetDelays = this._offset != null && this._offset > this._offsetBeforeRetry;
        if (shouldResetDelays) {
          this._retryAttempt = 0;
        }
        if (shouldRetry(err, this._retryAttempt, this.options)) {
          var delay = this.options.retryDelays[this._retryAttempt++];
          this._offsetBeforeRetry = this._offset;
          this._retryTimeout = setTimeout(function () {
            _this5.start();
          }, delay);
          return;
        }
      }
      if (typeof this.options.onError === 'function') {
        this.options.onError(err);
      } else {
        throw err;
      }
    }

    /**
     * Publishes notification if the upload has been successfully completed.
     *
     * @param {object} lastResponse Last HTTP response.
     * @api private
     */
  }, {
    key: "_emitSuccess",
    value: function _emitSuccess(lastResponse) {
      if (this.options.removeFingerprintOnSuccess) {
        // Remove stored fingerprint and corresponding endpoint. This causes
        // new uploads of the same file to be treated as a different file.
        this._removeFromUrlStorage();
      }
      if (typeof this.options.onSuccess === 'function') {
        this.options.onSuccess({
          lastResponse: lastResponse
        });
      }
    }

    /**
     * Publishes notification when data has been sent to the server. This
     * data may not have been accepted by the server yet.
     *
     * @param {number} bytesSent  Number of bytes sent to the server.
     * @param {number} bytesTotal Total number of bytes to be sent to the server.
     * @api private
     */
  }, {
    key: "_emitProgress",
    value: function _emitProgress(bytesSent, bytesTotal) {
      if (typeof this.options.onProgress === 'function') {
        this.options.onProgress(bytesSent, bytesTotal);
      }
    }

    /**
     * Publishes notification when a chunk of data has been sent to the server
     * and accepted by the server.
     * @param {number} chunkSize  Size of the chunk that was accepted by the server.
     * @param {number} bytesAccepted Total number of bytes that have been
     *                                accepted by the server.
     * @param {number} bytesTotal Total number of bytes to be sent to the server.
     * @api private
     */
  }, {
    key: "_emitChunkComplete",
    value: function _emitChunkComplete(chunkSize, bytesAccepted, bytesTotal) {
      if (typeof this.options.onChunkComplete === 'function') {
        this.options.onChunkComplete(chunkSize, bytesAccepted, bytesTotal);
      }
    }

    /**
     * Create a new upload using the creation extension by sending a POST
     * request to the endpoint. After successful creation the file will be
     * uploaded
     *
     * @api private
     */
  }, {
    key: "_createUpload",
    value: function _createUpload() {
      var _this6 = this;
      if (!this.options.endpoint) {
        this._emitError(new Error('tus: unable to create upload because no endpoint is provided'));
        return;
      }
      var req = this._openRequest('POST', this.options.endpoint);
      if (this.options.uploadLengthDeferred) {
        req.setHeader('Upload-Defer-Length', '1');
      } else {
        req.setHeader('Upload-Length', "".concat(this._size));
      }

      // Add metadata if values have been added
      var metadata = encodeMetadata(this.options.metadata);
      if (metadata !== '') {
        req.setHeader('Upload-Metadata', metadata);
      }
      var promise;
      if (this.options.uploadDataDuringCreation && !this.options.uploadLengthDeferred) {
        this._offset = 0;
        promise = this._addChunkToRequest(req);
      } else {
        if (this.options.protocol === PROTOCOL_IETF_DRAFT_03 || this.options.protocol === PROTOCOL_IETF_DRAFT_05) {
          req.setHeader('Upload-Complete', '?0');
        }
        promise = this._sendRequest(req, null);
      }
      promise.then(function (res) {
        if (!inStatusCategory(res.getStatus(), 200)) {
          _this6._emitHttpError(req, res, 'tus: unexpected response while creating upload');
          return;
        }
        var location = res.getHeader('Location');
        if (location == null) {
          _this6._emitHttpError(req, res, 'tus: invalid or missing Location header');
          return;
        }
        _this6.url = resolveUrl(_this6.options.endpoint, location);
        (0, _logger.log)("Created upload at ".concat(_this6.url));
        if (typeof _this6.options.onUploadUrlAvailable === 'function') {
          _this6.options.onUploadUrlAvailable();
        }
        if (_this6._size === 0) {
          // Nothing to upload and file was successfully created
          _this6._emitSuccess(res);
          _this6._source.close();
          return;
        }
        _this6._saveUploadInUrlStorage().then(function () {
          if (_this6.options.uploadDataDuringCreation) {
            _this6._handleUploadResponse(req, res);
          } else {
            _this6._offset = 0;
            _this6._performUpload();
          }
        });
      })["catch"](function (err) {
        _this6._emitHttpError(req, null, 'tus: failed to create upload', err);
      });
    }

    /*
     * Try to resume an existing upload. First a HEAD request will be sent
     * to retrieve the offset. If the request fails a new upload will be
     * created. In the case of a successful response the file will be uploaded.
     *
     * @api private
     */
  }, {
    key: "_resumeUpload",
    value: function _resumeUpload() {
      var _this7 = this;
      var req = this._openRequest('HEAD', this.url);
      var promise = this._sendRequest(req, null);
      promise.then(function (res) {
        var status = res.getStatus();
        if (!inStatusCategory(status, 200)) {
          // If the upload is locked (indicated by the 423 Locked status code), we
          // emit an error instead of directly starting a new upload. This way the
          // retry logic can catch the error and will retry the upload. An upload
          // is usually locked for a short period of time and will be available
          // afterwards.
          if (status === 423) {
            _this7._emitHttpError(req, res, 'tus: upload is currently locked; retry later');
            return;
          }
          if (inStatusCategory(status, 400)) {
            // Remove stored fingerprint and corresponding endpoint,
            // on client errors since the file can not be found
            _this7._removeFromUrlStorage();
          }
          if (!_this7.options.endpoint) {
            // Don't attempt to create a new upload if no endpoint is provided.
            _this7._emitHttpError(req, res, 'tus: unable to resume upload (new upload cannot be created without an endpoint)');
            return;
          }

          // Try to create a new upload
          _this7.url = null;
          _this7._createUpload();
          return;
        }
        var offset = Number.parseInt(res.getHeader('Upload-Offset'), 10);
        if (Number.isNaN(offset)) {
          _this7._emitHttpError(req, res, 'tus: invalid or missing offset value');
          return;
        }
        var length = Number.parseInt(res.getHeader('Upload-Length'), 10);
        if (Number.isNaN(length) && !_this7.options.uploadLengthDeferred && _this7.options.protocol === PROTOCOL_TUS_V1) {
          _this7._emitHttpError(req, res, 'tus: invalid or missing length value');
          return;
        }
        if (typeof _this7.options.onUploadUrlAvailable === 'function') {
          _this7.options.onUploadUrlAvailable();
        }
        _this7._saveUploadInUrlStorage().then(function () {
          // Upload has already been completed and we do not need to send additional
          // data to the server
          if (offset === length) {
            _this7._emitProgress(length, length);
            _this7._emitSuccess(res);
            return;
          }
          _this7._offset = offset;
          _this7._performUpload();
        });
      })["catch"](function (err) {
        _this7._emitHttpError(req, null, 'tus: failed to resume upload', err);
      });
    }

    /**
     * Start uploading the file using PATCH requests. The file will be divided
     * into chunks as specified in the chunkSize option. During the upload
     * the onProgress event handler may be invoked multiple times.
     *
     * @api private
     */
  }, {
    key: "_performUpload",
    value: function _performUpload() {
      var _this8 = this;
      // If the upload has been aborted, we will not send the next PATCH request.
      // This is important if the abort method was called during a callback, such
      // as onChunkComplete or onProgress.
      if (this._aborted) {
        return;
      }
      var req;

      // Some browser and servers may not support the PATCH method. For those
      // cases, you can tell tus-js-client to use a POST request with the
      // X-HTTP-Method-Override header for simulating a PATCH request.
      if (this.options.overridePatchMethod) {
        req = this._openRequest('POST', this.url);
        req.setHeader('X-HTTP-Method-Override', 'PATCH');
      } else {
        req = this._openRequest('PATCH', this.url);
      }
      req.setHeader('Upload-Offset', "".concat(this._offset));
      var promise = this._addChunkToRequest(req);
      promise.then(function (res) {
        if (!inStatusCategory(res.getStatus(), 200)) {
          _this8._emitHttpError(req, res, 'tus: unexpected response while uploading chunk');
          return;
        }
        _this8._handleUploadResponse(req, res);
      })["catch"](function (err) {
        // Don't emit an error if the upload was aborted manually
        if (_this8._aborted) {
          return;
        }
        _this8._emitHttpError(req, null, "tus: failed to upload chunk at offset ".concat(_this8._offset), err);
      });
    }

    /**
     * _addChunktoRequest reads a chunk from the source and sends it using the
     * supplied request object. It will not handle the response.
     *
     * @api private
     */
  }, {
    key: "_addChunkToRequest",
    value: function _addChunkToRequest(req) {
      var _this9 = this;
      var start = this._offset;
      var end = this._offset + this.options.chunkSize;
      req.setProgressHandler(function (bytesSent) {
        _this9._emitProgress(start + bytesSent, _this9._size);
      });
      if (this.options.protocol === PROTOCOL_TUS_V1) {
        req.setHeader('Content-Type', 'application/offset+octet-stream');
      } else if (this.options.protocol === PROTOCOL_IETF_DRAFT_05) {
        req.setHeader('Content-Type', 'application/partial-upload');
      }

      // The specified chunkSize may be Infinity or the calcluated end position
      // may exceed the file's size. In both cases, we limit the end position to
      // the input's total size for simpler calculations and correctness.
      if ((end === Number.POSITIVE_INFINITY || end > this._size) && !this.options.uploadLengthDeferred) {
        end = this._size;
      }
      return this._source.slice(start, end).then(function (_ref2) {
        var value = _ref2.value,
          done = _ref2.done;
        var valueSize = value !== null && value !== void 0 && value.size ? value.size : 0;

        // If the upload length is deferred, the upload size was not specified during
        // upload creation. So, if the file reader is done reading, we know the total
        // upload size and can tell the tus server.
        if (_this9.options.uploadLengthDeferred && done) {
          _this9._size = _this9._offset + valueSize;
          req.setHeader('Upload-Length', "".concat(_this9._size));
        }

        // The specified uploadSize might not match the actual amount of data that a source
        // provides. In these cases, we cannot successfully complete the upload, so we
        // rather error out and let the user know. If not, tus-js-client will be stuck
        // in a loop of repeating empty PATCH requests.
        // See https://community.transloadit.com/t/how-to-abort-hanging-companion-uploads/16488/13
        var newSize = _this9._offset + valueSize;
        if (!_this9.options.uploadLengthDeferred && done && newSize !== _this9._size) {
          return Promise.reject(new Error("upload was configured with a size of ".concat(_this9._size, " bytes, but the source is done after ").concat(newSize, " bytes")));
        }
        if (value === null) {
          return _this9._sendRequest(req);
        }
        if (_this9.options.protocol === PROTOCOL_IETF_DRAFT_03 || _this9.options.protocol === PROTOCOL_IETF_DRAFT_05) {
          req.setHeader('Upload-Complete', done ? '?1' : '?0');
        }
        _this9._emitProgress(_this9._offset, _this9._size);
        return _this9._sendRequest(req, value);
      });
    }

    /**
     * _handleUploadResponse is used by requests that haven been sent using _addChunkToRequest
     * and already have received a response.
     *
     * @api private
     */
  }, {
    key: "_handleUploadResponse",
    value: function _handleUploadResponse(req, res) {
      var offset = Number.parseInt(res.getHeader('Upload-Offset'), 10);
      if (Number.isNaN(offset)) {
        this._emitHttpError(req, res, 'tus: invalid or missing offset value');
        return;
      }
      this._emitProgress(offset, this._size);
      this._emitChunkComplete(offset - this._offset, offset, this._size);
      this._offset = offset;
      if (offset === this._size) {
        // Yay, finally done :)
        this._emitSuccess(res);
        this._source.close();
        return;
      }
      this._performUpload();
    }

    /**
     * Create a new HTTP request object with the given method and URL.
     *
     * @api private
     */
  }, {
    key: "_openRequest",
    value: function _openRequest(method, url) {
      var req = openRequest(method, url, this.options);
      this._req = req;
      return req;
    }

    /**
     * Remove the entry in the URL storage, if it has been saved before.
     *
     * @api private
     */
  }, {
    key: "_removeFromUrlStorage",
    value: function _removeFromUrlStorage() {
      var _this10 = this;
      if (!this._urlStorageKey) return;
      this._urlStorage.removeUpload(this._urlStorageKey)["catch"](function (err) {
        _this10._emitError(err);
      });
      this._urlStorageKey = null;
    }

    /**
     * Add the upload URL to the URL storage, if possible.
     *
     * @api private
     */
  }, {
    key: "_saveUploadInUrlStorage",
    value: function _saveUploadInUrlStorage() {
      var _this11 = this;
      // We do not store the upload URL
      // - if it was disabled in the option, or
      // - if no fingerprint was calculated for the input (i.e. a stream), or
      // - if the URL is already stored (i.e. key is set alread).
      if (!this.options.storeFingerprintForResuming || !this._fingerprint || this._urlStorageKey !== null) {
        return Promise.resolve();
      }
      var storedUpload = {
        size: this._size,
        metadata: this.options.metadata,
        creationTime: new Date().toString()
      };
      if (this._parallelUploads) {
        // Save multiple URLs if the parallelUploads option is used ...
        storedUpload.parallelUploadUrls = this._parallelUploadUrls;
      } else {
        // ... otherwise we just save the one available URL.
        storedUpload.uploadUrl = this.url;
      }
      return this._urlStorage.addUpload(this._fingerprint, storedUpload).then(function (urlStorageKey) {
        _this11._urlStorageKey = urlStorageKey;
      });
    }

    /**
     * Send a request with the provided body.
     *
     * @api private
     */
  }, {
    key: "_sendRequest",
    value: function _sendRequest(req) {
      var body = arguments.length > 1 && arguments[1] !== undefined ? arguments[1] : null;
      return sendRequest(req, body, this.options);
    }
  }], [{
    key: "terminate",
    value: function terminate(url) {
      var options = arguments.length > 1 && arguments[1] !== undefined ? arguments[1] : {};
      var req = openRequest('DELETE', url, options);
      return sendRequest(req, null, options).then(function (res) {
        // A 204 response indicates a successfull request
        if (res.getStatus() === 204) {
          return;
        }
        throw new _error.default('tus: unexpected response while terminating upload', null, req, res);
      })["catch"](function (err) {
        if (!(err instanceof _error.default)) {
          err = new _error.default('tus: failed to terminate upload', err, req, null);
        }
        if (!shouldRetry(err, 0, options)) {
          throw err;
        }

        // Instead of keeping track of the retry attempts, we remove the first element from the delays
        // array. If the array is empty, all retry attempts are used up and we will bubble up the error.
        // We recursively call the terminate function will removing elements from the retryDelays array.
        var delay = options.retryDelays[0];
        var remainingDelays = options.retryDelays.slice(1);
        var newOptions = _objectSpread(_objectSpread({}, options), {}, {
          retryDelays: remainingDelays
        });
        return new Promise(function (resolve) {
          return setTimeout(resolve, delay);
        }).then(function () {
          return BaseUpload.terminate(url, newOptions);
        });
      });
    }
  }]);
}();
function encodeMetadata(metadata) {
  return Object.entries(metadata).map(function (_ref3) {
    var _ref4 = _slicedToArray(_ref3, 2),
      key = _ref4[0],
      value = _ref4[1];
    return "".concat(key, " ").concat(_jsBase.Base64.encode(String(value)));
  }).join(',');
}

/**
 * Checks whether a given status is in the range of the expected category.
 * For example, only a status between 200 and 299 will satisfy the category 200.
 *
 * @api private
 */
function inStatusCategory(status, category) {
  return status >= category && status < category + 100;
}

/**
 * Create a new HTTP request with the specified method and URL.
 * The necessary headers that are included in every request
 * will be added, including the request ID.
 *
 * @api private
 */
function openRequest(method, url, options) {
  var req = options.httpStack.createRequest(method, url);
  if (options.protocol === PROTOCOL_IETF_DRAFT_03) {
    req.setHeader('Upload-Draft-Interop-Version', '5');
  } else if (options.protocol === PROTOCOL_IETF_DRAFT_05) {
    req.setHeader('Upload-Draft-Interop-Version', '6');
  } else {
    req.setHeader('Tus-Resumable', '1.0.0');
  }
  var headers = options.headers || {};
  for (var _i2 = 0, _Object$entries = Object.entries(headers); _i2 < _Object$entries.length; _i2++) {
    var _Object$entries$_i = _slicedToArray(_Object$entries[_i2], 2),
      name = _Object$entries$_i[0],
      value = _Object$entries$_i[1];
    req.setHeader(name, value);
  }
  if (options.addRequestId) {
    var requestId = (0, _uuid.default)();
    req.setHeader('X-Request-ID', requestId);
  }
  return req;
}

/**
 * Send a request with the provided body while invoking the onBeforeRequest
 * and onAfterResponse callbacks.
 *
 * @api private
 */
function sendRequest(_x, _x2, _x3) {
  return _sendRequest2.apply(this, arguments);
}
/**
 * Checks whether the browser running this code has internet access.
 * This function will always return true in the node.js environment
 *
 * @api private
 */
function _sendRequest2() {
  _sendRequest2 = _asyncToGenerator( /*#__PURE__*/_regeneratorRuntime().mark(function _callee(req, body, options) {
    var res;
    return _regeneratorRuntime().wrap(function _callee$(_context) {
      while (1) switch (_context.prev = _context.next) {
        case 0:
          if (!(typeof options.onBeforeRequest === 'function')) {
            _context.next = 3;
            break;
          }
          _context.next = 3;
          return options.onBeforeRequest(req);
        case 3:
          _context.next = 5;
          return req.send(body);
        case 5:
          res = _context.sent;
          if (!(typeof options.onAfterResponse === 'function')) {
            _context.next = 9;
            break;
          }
          _context.next = 9;
          return options.onAfterResponse(req, res);
        case 9:
          return _context.abrupt("return", res);
        case 10:
        case "end":
          return _context.stop();
      }
    }, _callee);
  }));
  return _sendRequest2.apply(this, arguments);
}
function isOnline() {
  var online = true;
  // Note: We don't reference `window` here because the navigator object also exists
  // in a Web Worker's context.
  if (typeof navigator !== 'undefined' && navigator.onLine === false) {
    online = false;
  }
  return online;
}

/**
 * Checks whether or not it is ok to retry a request.
 * @param {Error|DetailedError} err the error returned from the last request
 * @param {number} retryAttempt the number of times the request has already been retried
 * @param {object} options tus Upload options
 *
 * @api private
 */
function shouldRetry(err, retryAttempt, options) {
  // We only attempt a retry if
  // - retryDelays option is set
  // - we didn't exceed the maxium number of retries, yet, and
  // - this error was caused by a request or it's response and
  // - the error is server error (i.e. not a status 4xx except a 409 or 423) or
  // a onShouldRetry is specified and returns true
  // - the browser does not indicate that we are offline
  if (options.retryDelays == null || retryAttempt >= options.retryDelays.length || err.originalRequest == null) {
    return false;
  }
  if (options && typeof options.onShouldRetry === 'function') {
    return options.onShouldRetry(err, retryAttempt, options);
  }
  return defaultOnShouldRetry(err);
}

/**
 * determines if the request should be retried. Will only retry if not a status 4xx except a 409 or 423
 * @param {DetailedError} err
 * @returns {boolean}
 */
function defaultOnShouldRetry(err) {
  var status = err.originalResponse ? err.originalResponse.getStatus() : 0;
  return (!inStatusCategory(status, 400) || status === 409 || status === 423) && isOnline();
}

/**
 * Resolve a relative link given the origin as source. For example,
 * if a HTTP request to http://example.com/files/ returns a Location
 * header with the value /upload/abc, the resolved URL will be:
 * http://example.com/upload/abc
 */
function resolveUrl(origin, link) {
  return new _urlParse.default(link, origin).toString();
}

/**
 * Calculate the start and end positions for the parts if an upload
 * is split into multiple parallel requests.
 *
 * @param {number} totalSize The byte size of the upload, which will be split.
 * @param {number} partCount The number in how many parts the upload will be split.
 * @return {object[]}
 * @api private
 */
function splitSizeIntoParts(totalSize, partCount) {
  var partSize = Math.floor(totalSize / partCount);
  var parts = [];
  for (var i = 0; i < partCount; i++) {
    parts.push({
      start: partSize * i,
      end: partSize * (i + 1)
    });
  }
  parts[partCount - 1].end = totalSize;
  return parts;
}
BaseUpload.defaultOptions = defaultOptions;
var _default = exports["default"] = BaseUpload;

/***/ }),

/***/ 3070:
/***/ ((__unused_webpack_module, exports) => {



Object.defineProperty(exports, "__esModule", ({
  value: true
}));
exports["default"] = uuid;
/**
 * Generate a UUID v4 based on random numbers. We intentioanlly use the less
 * secure Math.random function here since the more secure crypto.getRandomNumbers
 * is not available on all platforms.
 * This is not a problem for us since we use the UUID only for generating a
 * request ID, so we can correlate server logs to client errors.
 *
 * This function is taken from following site:
 * https://stackoverflow.com/questions/105034/create-guid-uuid-in-javascript
 *
 * @return {string} The generate UUID
 */
function uuid() {
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
    var r = Math.random() * 16 | 0;
    var v = c === 'x' ? r : r & 0x3 | 0x8;
    return v.toString(16);
  });
}

/***/ }),

/***/ 4111:
/***/ ((module) => {



const isStream = stream =>
	stream !== null &&
	typeof stream === 'object' &&
	typeof stream.pipe === 'function';

isStream.writable = stream =>
	isStream(stream) &&
	stream.writable !== false &&
	typeof stream._write === 'function' &&
	typeof stream._writableState === 'object';

isStream.readable = stream =>
	isStream(stream) &&
	stream.readable !== false &&
	typeof stream._read === 'function' &&
	typeof stream._readableState === 'object';

isStream.duplex = stream =>
	isStream.writable(stream) &&
	isStream.readable(stream);

isStream.transform = stream =>
	isStream.duplex(stream) &&
	typeof stream._transform === 'function';

module.exports = isStream;


/***/ }),

/***/ 7291:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



var required = __nccwpck_require__(6120)
  , qs = __nccwpck_require__(617)
  , controlOrWhitespace = /^[\x00-\x20\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/
  , CRHTLF = /[\n\r\t]/g
  , slashes = /^[A-Za-z][A-Za-z0-9+-.]*:\/\//
  , port = /:\d+$/
  , protocolre = /^([a-z][a-z0-9.+-]*:)?(\/\/)?([\\/]+)?([\S\s]*)/i
  , windowsDriveLetter = /^[a-zA-Z]:/;

/**
 * Remove control characters and whitespace from the beginning of a string.
 *
 * @param {Object|String} str String to trim.
 * @returns {String} A new string representing `str` stripped of control
 *     characters and whitespace from its beginning.
 * @public
 */
function trimLeft(str) {
  return (str ? str : '').toString().replace(controlOrWhitespace, '');
}

/**
 * These are the parse rules for the URL parser, it informs the parser
 * about:
 *
 * 0. The char it Needs to parse, if it's a string it should be done using
 *    indexOf, RegExp using exec and NaN means set as current value.
 * 1. The property we should set when parsing this value.
 * 2. Indication if it's backwards or forward parsing, when set as number it's
 *    the value of extra chars that should be split off.
 * 3. Inherit from location if non existing in the parser.
 * 4. `toLowerCase` the resulting value.
 */
var rules = [
  ['#', 'hash'],                        // Extract from the back.
  ['?', 'query'],                       // Extract from the back.
  function sanitize(address, url) {     // Sanitize what is left of the address
    return isSpecial(url.protocol) ? address.replace(/\\/g, '/') : address;
  },
  ['/', 'pathname'],                    // Extract from the back.
  ['@', 'auth', 1],                     // Extract from the front.
  [NaN, 'host', undefined, 1, 1],       // Set left over value.
  [/:(\d*)$/, 'port', undefined, 1],    // RegExp the back.
  [NaN, 'hostname', undefined, 1, 1]    // Set left over.
];

/**
 * These properties should not be copied or inherited from. This is only needed
 * for all non blob URL's as a blob URL does not include a hash, only the
 * origin.
 *
 * @type {Object}
 * @private
 */
var ignore = { hash: 1, query: 1 };

/**
 * The location object differs when your code is loaded through a normal page,
 * Worker or through a worker using a blob. And with the blobble begins the
 * trouble as the location object will contain the URL of the blob, not the
 * location of the page where our code is loaded in. The actual origin is
 * encoded in the `pathname` so we can thankfully generate a good "default"
 * location from it so we can generate proper relative URL's again.
 *
 * @param {Object|String} loc Optional default location object.
 * @returns {Object} lolcation object.
 * @public
 */
function lolcation(loc) {
  var globalVar;

  if (typeof window !== 'undefined') globalVar = window;
  else if (typeof global !== 'undefined') globalVar = global;
  else if (typeof self !== 'undefined') globalVar = self;
  else globalVar = {};

  var location = globalVar.location || {};
  loc = loc || location;

  var finaldestination = {}
    , type = typeof loc
    , key;

  if ('blob:' === loc.protocol) {
    finaldestination = new Url(unescape(loc.pathname), {});
  } else if ('string' === type) {
    finaldestination = new Url(loc, {});
    for (key in ignore) delete finaldestination[key];
  } else if ('object' === type) {
    for (key in loc) {
      if (key in ignore) continue;
      finaldestination[key] = loc[key];
    }

    if (finaldestination.slashes === undefined) {
      finaldestination.slashes = slashes.test(loc.href);
    }
  }

  return finaldestination;
}

/**
 * Check whether a protocol scheme is special.
 *
 * @param {String} The protocol scheme of the URL
 * @return {Boolean} `true` if the protocol scheme is special, else `false`
 * @private
 */
function isSpecial(scheme) {
  return (
    scheme === 'file:' ||
    scheme === 'ftp:' ||
    scheme === 'http:' ||
    scheme === 'https:' ||
    scheme === 'ws:' ||
    scheme === 'wss:'
  );
}

/**
 * @typedef ProtocolExtract
 * @type Object
 * @property {String} protocol Protocol matched in the URL, in lowercase.
 * @property {Boolean} slashes `true` if protocol is followed by "//", else `false`.
 * @property {String} rest Rest of the URL that is not part of the protocol.
 */

/**
 * Extract protocol information from a URL with/without double slash ("//").
 *
 * @param {String} address URL we want to extract from.
 * @param {Object} location
 * @return {ProtocolExtract} Extracted information.
 * @private
 */
function extractProtocol(address, location) {
  address = trimLeft(address);
  address = address.replace(CRHTLF, '');
  location = location || {};

  var match = protocolre.exec(address);
  var protocol = match[1] ? match[1].toLowerCase() : '';
  var forwardSlashes = !!match[2];
  var otherSlashes = !!match[3];
  var slashesCount = 0;
  var rest;

  if (forwardSlashes) {
    if (otherSlashes) {
      rest = match[2] + match[3] + match[4];
      slashesCount = match[2].length + match[3].length;
    } else {
      rest = match[2] + match[4];
      slashesCount = match[2].length;
    }
  } else {
    if (otherSlashes) {
      rest = match[3] + match[4];
      slashesCount = match[3].length;
    } else {
      rest = match[4]
    }
  }

  if (protocol === 'file:') {
    if (slashesCount >= 2) {
      rest = rest.slice(2);
    }
  } else if (isSpecial(protocol)) {
    rest = match[4];
  } else if (protocol) {
    if (forwardSlashes) {
      rest = rest.slice(2);
    }
  } else if (slashesCount >= 2 && isSpecial(location.protocol)) {
    rest = match[4];
  }

  return {
    protocol: protocol,
    slashes: forwardSlashes || isSpecial(protocol),
    slashesCount: slashesCount,
    rest: rest
  };
}

/**
 * Resolve a relative URL pathname against a base URL pathname.
 *
 * @param {String} relative Pathname of the relative URL.
 * @param {String} base Pathname of the base URL.
 * @return {String} Resolved pathname.
 * @private
 */
function resolve(relative, base) {
  if (relative === '') return base;

  var path = (base || '/').split('/').slice(0, -1).concat(relative.split('/'))
    , i = path.length
    , last = path[i - 1]
    , unshift = false
    , up = 0;

  while (i--) {
    if (path[i] === '.') {
      path.splice(i, 1);
    } else if (path[i] === '..') {
      path.splice(i, 1);
      up++;
    } else if (up) {
      if (i === 0) unshift = true;
      path.splice(i, 1);
      up--;
    }
  }

  if (unshift) path.unshift('');
  if (last === '.' || last === '..') path.push('');

  return path.join('/');
}

/**
 * The actual URL instance. Instead of returning an object we've opted-in to
 * create an actual constructor as it's much more memory efficient and
 * faster and it pleases my OCD.
 *
 * It is worth noting that we should not use `URL` as class name to prevent
 * clashes with the global URL instance that got introduced in browsers.
 *
 * @constructor
 * @param {String} address URL we want to parse.
 * @param {Object|String} [location] Location defaults for relative paths.
 * @param {Boolean|Function} [parser] Parser for the query string.
 * @private
 */
function Url(address, location, parser) {
  address = trimLeft(address);
  address = address.replace(CRHTLF, '');

  if (!(this instanceof Url)) {
    return new Url(address, location, parser);
  }

  var relative, extracted, parse, instruction, index, key
    , instructions = rules.slice()
    , type = typeof location
    , url = this
    , i = 0;

  //
  // The following if statements allows this module two have compatibility with
  // 2 different API:
  //
  // 1. Node.js's `url.parse` api which accepts a URL, boolean as arguments
  //    where the boolean indicates that the query string should also be parsed.
  //
  // 2. The `URL` interface of the browser which accepts a URL, object as
  //    arguments. The supplied object will be used as default values / fall-back
  //    for relative paths.
  //
  if ('object' !== type && 'string' !== type) {
    parser = location;
    location = null;
  }

  if (parser && 'function' !== typeof parser) parser = qs.parse;

  location = lolcation(location);

  //
  // Extract protocol information before running the instructions.
  //
  extracted = extractProtocol(address || '', location);
  relative = !extracted.protocol && !extracted.slashes;
  url.slashes = extracted.slashes || relative && location.slashes;
  url.protocol = extracted.protocol || location.protocol || '';
  address = extracted.rest;

  //
  // When the authority component is absent the URL starts with a path
  // component.
  //
  if (
    extracted.protocol === 'file:' && (
      extracted.slashesCount !== 2 || windowsDriveLetter.test(address)) ||
    (!extracted.slashes &&
      (extracted.protocol ||
        extracted.slashesCount < 2 ||
        !isSpecial(url.protocol)))
  ) {
    instructions[3] = [/(.*)/, 'pathname'];
  }

  for (; i < instructions.length; i++) {
    instruction = instructions[i];

    if (typeof instruction === 'function') {
      address = instruction(address, url);
      continue;
    }

    parse = instruction[0];
    key = instruction[1];

    if (parse !== parse) {
      url[key] = address;
    } else if ('string' === typeof parse) {
      index = parse === '@'
        ? address.lastIndexOf(parse)
        : address.indexOf(parse);

      if (~index) {
        if ('number' === typeof instruction[2]) {
          url[key] = address.slice(0, index);
          address = address.slice(index + instruction[2]);
        } else {
          url[key] = address.slice(index);
          address = address.slice(0, index);
        }
      }
    } else if ((index = parse.exec(address))) {
      url[key] = index[1];
      address = address.slice(0, index.index);
    }

    url[key] = url[key] || (
      relative && instruction[3] ? location[key] || '' : ''
    );

    //
    // Hostname, host and protocol should be lowercased so they can be used to
    // create a proper `origin`.
    //
    if (instruction[4]) url[key] = url[key].toLowerCase();
  }

  //
  // Also parse the supplied query string in to an object. If we're supplied
  // with a custom parser as function use that instead of the default build-in
  // parser.
  //
  if (parser) url.query = parser(url.query);

  //
  // If the URL is relative, resolve the pathname against the base URL.
  //
  if (
      relative
    && location.slashes
    && url.pathname.charAt(0) !== '/'
    && (url.pathname !== '' || location.pathname !== '')
  ) {
    url.pathname = resolve(url.pathname, location.pathname);
  }

  //
  // Default to a / for pathname if none exists. This normalizes the URL
  // to always have a /
  //
  if (url.pathname.charAt(0) !== '/' && isSpecial(url.protocol)) {
    url.pathname = '/' + url.pathname;
  }

  //
  // We should not add port numbers if they are already the default port number
  // for a given protocol. As the host also contains the port number we're going
  // override it with the hostname which contains no port number.
  //
  if (!required(url.port, url.protocol)) {
    url.host = url.hostname;
    url.port = '';
  }

  //
  // Parse down the `auth` for the username and password.
  //
  url.username = url.password = '';

  if (url.auth) {
    index = url.auth.indexOf(':');

    if (~index) {
      url.username = url.auth.slice(0, index);
      url.username = encodeURIComponent(decodeURIComponent(url.username));

      url.password = url.auth.slice(index + 1);
      url.password = encodeURIComponent(decodeURIComponent(url.password))
    } else {
      url.username = encodeURIComponent(decodeURIComponent(url.auth));
    }

    url.auth = url.password ? url.username +':'+ url.password : url.username;
  }

  url.origin = url.protocol !== 'file:' && isSpecial(url.protocol) && url.host
    ? url.protocol +'//'+ url.host
    : 'null';

  //
  // The href is just the compiled result.
  //
  url.href = url.toString();
}

/**
 * This is convenience method for changing properties in the URL instance to
 * insure that they all propagate correctly.
 *
 * @param {String} part          Property we need to adjust.
 * @param {Mixed} value          The newly assigned value.
 * @param {Boolean|Function} fn  When setting the query, it will be the function
 *                               used to parse the query.
 *                               When setting the protocol, double slash will be
 *                               removed from the final url if it is true.
 * @returns {URL} URL instance for chaining.
 * @public
 */
function set(part, value, fn) {
  var url = this;

  switch (part) {
    case 'query':
      if ('string' === typeof value && value.length) {
        value = (fn || qs.parse)(value);
      }

      url[part] = value;
      break;

    case 'port':
      url[part] = value;

      if (!required(value, url.protocol)) {
        url.host = url.hostname;
        url[part] = '';
      } else if (value) {
        url.host = url.hostname +':'+ value;
      }

      break;

    case 'hostname':
      url[part] = value;

      if (url.port) value += ':'+ url.port;
      url.host = value;
      break;

    case 'host':
      url[part] = value;

      if (port.test(value)) {
        value = value.split(':');
        url.port = value.pop();
        url.hostname = value.join(':');
      } else {
        url.hostname = value;
        url.port = '';
      }

      break;

    case 'protocol':
      url.protocol = value.toLowerCase();
      url.slashes = !fn;
      break;

    case 'pathname':
    case 'hash':
      if (value) {
        var char = part === 'pathname' ? '/' : '#';
        url[part] = value.charAt(0) !== char ? char + value : value;
      } else {
        url[part] = value;
      }
      break;

    case 'username':
    case 'password':
      url[part] = encodeURIComponent(value);
      break;

    case 'auth':
      var index = value.indexOf(':');

      if (~index) {
        url.username = value.slice(0, index);
        url.username = encodeURIComponent(decodeURIComponent(url.username));

        url.password = value.slice(index + 1);
        url.password = encodeURIComponent(decodeURIComponent(url.password));
      } else {
        url.username = encodeURIComponent(decodeURIComponent(value));
      }
  }

  for (var i = 0; i < rules.length; i++) {
    var ins = rules[i];

    if (ins[4]) url[ins[1]] = url[ins[1]].toLowerCase();
  }

  url.auth = url.password ? url.username +':'+ url.password : url.username;

  url.origin = url.protocol !== 'file:' && isSpecial(url.protocol) && url.host
    ? url.protocol +'//'+ url.host
    : 'null';

  url.href = url.toString();

  return url;
}

/**
 * Transform the properties back in to a valid and full URL string.
 *
 * @param {Function} stringify Optional query stringify function.
 * @returns {String} Compiled version of the URL.
 * @public
 */
function toString(stringify) {
  if (!stringify || 'function' !== typeof stringify) stringify = qs.stringify;

  var query
    , url = this
    , host = url.host
    , protocol = url.protocol;

  if (protocol && protocol.charAt(protocol.length - 1) !== ':') protocol += ':';

  var result =
    protocol +
    ((url.protocol && url.slashes) || isSpecial(url.protocol) ? '//' : '');

  if (url.username) {
    result += url.username;
    if (url.password) result += ':'+ url.password;
    result += '@';
  } else if (url.password) {
    result += ':'+ url.password;
    result += '@';
  } else if (
    url.protocol !== 'file:' &&
    isSpecial(url.protocol) &&
    !host &&
    url.pathname !== '/'
  ) {
    //
    // Add back the empty userinfo, otherwise the original invalid URL
    // might be transformed into a valid one with `url.pathname` as host.
    //
    result += '@';
  }

  //
  // Trailing colon is removed from `url.host` when it is parsed. If it still
  // ends with a colon, then add back the trailing colon that was removed. This
  // prevents an invalid URL from being transformed into a valid one.
  //
  if (host[host.length - 1] === ':' || (port.test(url.hostname) && !url.port)) {
    host += ':';
  }

  result += host + url.pathname;

  query = 'object' === typeof url.query ? stringify(url.query) : url.query;
  if (query) result += '?' !== query.charAt(0) ? '?'+ query : query;

  if (url.hash) result += url.hash;

  return result;
}

Url.prototype = { set: set, toString: toString };

//
// Expose the URL parser and some additional properties that might be useful for
// others or testing.
//
Url.extractProtocol = extractProtocol;
Url.location = lolcation;
Url.trimLeft = trimLeft;
Url.qs = qs;

module.exports = Url;


/***/ }),

/***/ 1097:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Al: () => (/* binding */ ChecksumError),
/* harmony export */   Dk: () => (/* binding */ SESSION_KEY_BYTES),
/* harmony export */   FH: () => (/* binding */ signChecksumWith),
/* harmony export */   o$: () => (/* binding */ SessionKeyError),
/* harmony export */   ob: () => (/* binding */ parseIvSessionKey),
/* harmony export */   s1: () => (/* binding */ recoverChecksum),
/* harmony export */   s6: () => (/* binding */ CIPHER),
/* harmony export */   sd: () => (/* binding */ recoverSessionKey),
/* harmony export */   uX: () => (/* binding */ IV_BYTES),
/* harmony export */   z0: () => (/* binding */ sealSessionKey)
/* harmony export */ });
/* unused harmony exports RSA_BLOCK_BYTES, encodeIvSessionKey, signChecksum */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _signers_index_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1355);


/** AES-128-CBC: what the plugin's native code decrypts, whatever Capgo's docs say. */
const CIPHER = 'aes-128-cbc';
const SESSION_KEY_BYTES = 16;
const IV_BYTES = 16;
/** RSA-2048 output: devices require the recovered block to come from a 256-byte value. */
const RSA_BLOCK_BYTES = 256;
/**
 * The raw RSA private-key operation on a PKCS#1 v1.5 type-1 block. Not a
 * signature: a signing API would wrap the input in DigestInfo and devices
 * would recover 51 bytes instead of 32.
 */
function rsaPrivate(key, data) {
    return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, data);
}
function rsaPublicRecover(key, data) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.publicDecrypt)({ key, padding: node_crypto__WEBPACK_IMPORTED_MODULE_0__.constants.RSA_PKCS1_PADDING }, data);
}
/** `base64(IV):base64(RSA_priv(K))`, what Capgo stores as session_key. */
function encodeIvSessionKey(key, sessionKey, iv) {
    return `${iv.toString('base64')}:${rsaPrivate(key, sessionKey).toString('base64')}`;
}
/** encodeIvSessionKey through any signer, the signature checked before use. */
async function sealSessionKey(key, sessionKey, iv) {
    return `${iv.toString('base64')}:${(await (0,_signers_index_js__WEBPACK_IMPORTED_MODULE_1__/* .checkedSign */ .Pi)(key, sessionKey)).toString('base64')}`;
}
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
class SessionKeyError extends Error {
}
/** Parses a session key as strictly as iOS does: two non-empty base64 parts, a 16-byte IV. */
function parseIvSessionKey(ivSessionKey) {
    const parts = ivSessionKey.split(':');
    if (parts.length !== 2 || !parts[0] || !parts[1])
        throw new SessionKeyError('session key is not two base64 parts separated by ":"');
    if (!STRICT_BASE64.test(parts[0]) || !STRICT_BASE64.test(parts[1]))
        throw new SessionKeyError('session key is not strict base64');
    const iv = Buffer.from(parts[0], 'base64');
    if (iv.length !== IV_BYTES)
        throw new SessionKeyError(`IV is ${iv.length} bytes, devices need ${IV_BYTES}`);
    return { iv, encryptedKey: Buffer.from(parts[1], 'base64') };
}
/** Recovers K from the second part of a session key; devices require exactly 16 bytes. */
function recoverSessionKey(publicKey, encryptedKey) {
    let sessionKey;
    try {
        sessionKey = rsaPublicRecover(publicKey, encryptedKey);
    }
    catch {
        throw new SessionKeyError('session key was not encrypted with the private half of this public key');
    }
    if (sessionKey.length !== SESSION_KEY_BYTES)
        throw new SessionKeyError(`session key is ${sessionKey.length} bytes, devices need ${SESSION_KEY_BYTES}`);
    return sessionKey;
}
/**
 * Signs the plaintext zip's SHA-256 for devices. V3: hex of RSA_priv(raw
 * digest). V2 (plugins before x.30.0): base64 of RSA_priv(the hex string
 * decoded as if it were base64), a quirk reproduced exactly.
 */
function signChecksum(key, sha256Hex, format) {
    if (format === 'v3')
        return rsaPrivate(key, Buffer.from(sha256Hex, 'hex')).toString('hex');
    return rsaPrivate(key, Buffer.from(sha256Hex, 'base64')).toString('base64');
}
/** signChecksum through any signer (once per bundle, after hashing), the signature checked before use. */
async function signChecksumWith(key, sha256Hex, format) {
    if (format === 'v3')
        return (await (0,_signers_index_js__WEBPACK_IMPORTED_MODULE_1__/* .checkedSign */ .Pi)(key, Buffer.from(sha256Hex, 'hex'))).toString('hex');
    return (await (0,_signers_index_js__WEBPACK_IMPORTED_MODULE_1__/* .checkedSign */ .Pi)(key, Buffer.from(sha256Hex, 'base64'))).toString('base64');
}
class ChecksumError extends Error {
}
/**
 * What a device recovers from a signed checksum: hex input means V3 (compare
 * the hex of the recovered bytes), anything else is V2 (the base64 of them).
 */
function recoverChecksum(publicKey, checksum) {
    const format = /^[0-9a-fA-F]+$/.test(checksum) ? 'v3' : 'v2';
    const signed = Buffer.from(checksum, format === 'v3' ? 'hex' : 'base64');
    if (signed.length !== RSA_BLOCK_BYTES)
        throw new ChecksumError(`signed checksum is ${signed.length} bytes, devices need a ${RSA_BLOCK_BYTES}-byte RSA value`);
    let recovered;
    try {
        recovered = rsaPublicRecover(publicKey, signed);
    }
    catch {
        throw new ChecksumError('checksum was not signed with the private half of this public key');
    }
    return { expectedSha256: recovered.toString(format === 'v3' ? 'hex' : 'base64'), format };
}


/***/ }),

/***/ 7857:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Jj: () => (/* binding */ REQUIRED_MODULUS_BITS),
  vC: () => (/* binding */ checkConfigPublicKey),
  TZ: () => (/* binding */ generateKeyPair),
  yg: () => (/* binding */ keyIdOf),
  ii: () => (/* binding */ maskPrivateKeyText),
  QW: () => (/* binding */ parsePrivateKey),
  ee: () => (/* binding */ parsePublicKey),
  PQ: () => (/* binding */ publicPemOf)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
;// CONCATENATED MODULE: ./src/signers/key.ts

/**
 * The private key itself, in this process (the `private-key` secret). Not a
 * signature API: a signing call would wrap the input in DigestInfo and devices
 * would recover 51 bytes instead of 32.
 */
function keySigner(privateKey, input = 'private-key') {
    return {
        kind: 'key',
        description: `private key from ${input}`,
        input,
        sign: async (data) => (0,external_node_crypto_.privateEncrypt)({ key: privateKey, padding: external_node_crypto_.constants.RSA_PKCS1_PADDING }, data),
        publicKey: async () => undefined,
    };
}

;// CONCATENATED MODULE: ./src/bundle/keys.ts



/** Devices decrypt RSA-2048 only: iOS requires 256-byte RSA blocks. */
const REQUIRED_MODULUS_BITS = 2048;
const PUBLIC_EXPONENT = 65537n;
const KEY_ID_LENGTH = 20;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;
/**
 * Undoes what secret stores and copy-paste do to a PEM: surrounding quotes and
 * whitespace, CRLF, literal `\n` escapes, a body folded onto one line, or the
 * whole PEM base64-encoded once. Returns the forms worth masking too.
 */
function unwrapPem(given) {
    const derived = [];
    let text = given.trim();
    if (/^(["']).*\1$/s.test(text))
        text = text.slice(1, -1).trim();
    text = text.replace(/\\r\\n|\\n|\\r/g, '\n').replace(/\r\n?/g, '\n');
    if (!text.includes('-----BEGIN') && /^[A-Za-z0-9+/=\s]+$/.test(text)) {
        const decoded = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
        if (decoded.includes('-----BEGIN')) {
            derived.push(text.replace(/\s+/g, ''));
            text = decoded.replace(/\r\n?/g, '\n').trim();
        }
    }
    const match = PEM_BLOCK.exec(text);
    if (!match)
        return { block: undefined, derived };
    return { block: { label: match[1], body: match[2].replace(/\s+/g, '') }, derived };
}
function toPem(label, body) {
    const lines = body.match(/.{1,64}/g) ?? [];
    return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
function pemBody(pem) {
    return pem.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
}
/** Registers every form in which the private key could leak: as given, per line, and each derived encoding. */
function maskPrivateKey(given, derived, key, logger) {
    const forms = [given, ...derived];
    if (key) {
        if (key.asymmetricKeyType === 'rsa')
            forms.push(key.export({ type: 'pkcs1', format: 'pem' }));
        forms.push(key.export({ type: 'pkcs8', format: 'pem' }));
    }
    const values = new Set();
    for (const form of forms) {
        values.add(form.trim());
        values.add(pemBody(form));
        // One mask per line: a multi-line mask is not honoured on every runner.
        for (const line of form.split(/\r?\n|\\r\\n|\\n/)) {
            const trimmed = line.trim();
            if (trimmed.length >= 8 && !trimmed.startsWith('-----'))
                values.add(trimmed);
        }
    }
    for (const value of values)
        if (value)
            logger.secret(value);
}
/** Masks a private key as given, and every unwrapped form of it, before it is even parsed. */
function maskPrivateKeyText(given, logger) {
    const { block, derived } = unwrapPem(given);
    maskPrivateKey(given, block ? [...derived, toPem(block.label, block.body)] : derived, undefined, logger);
}
/**
 * Parses the private key the way users actually paste it, masks it, and
 * refuses anything devices could not use. `input` names the action input or
 * CLI flag the key came from, for messages.
 */
function parsePrivateKey(given, logger, input = 'private-key') {
    const { block, derived } = unwrapPem(given);
    // Mask before anything else can print: even a refused key may be real.
    maskPrivateKeyText(given, logger);
    if (!block) {
        throw new errors/* BundleError */.rJ('key_malformed', `${input} is not a PEM private key (expected -----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----).`, input);
    }
    if (block.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(given)) {
        throw new errors/* BundleError */.rJ('key_encrypted', `${input} is encrypted with a passphrase; give the unencrypted PEM (store it as a secret instead).`, input);
    }
    if (block.label === 'PUBLIC KEY' || block.label === 'RSA PUBLIC KEY') {
        throw new errors/* BundleError */.rJ('key_is_public', `${input} holds a public key; it needs the private key (.capgo_key_v2), and the public key belongs in the app's capacitor config.`, input);
    }
    if (block.label !== 'RSA PRIVATE KEY' && block.label !== 'PRIVATE KEY') {
        throw new errors/* BundleError */.rJ('key_malformed', `${input} is a PEM "${block.label}", not an RSA private key.`, input);
    }
    let privateKey;
    try {
        privateKey = (0,external_node_crypto_.createPrivateKey)({ key: toPem(block.label, block.body), format: 'pem' });
    }
    catch {
        throw new errors/* BundleError */.rJ('key_malformed', `${input} could not be read as a PEM private key: the base64 body is damaged or truncated.`, input);
    }
    maskPrivateKey(given, derived, privateKey, logger);
    const details = privateKey.asymmetricKeyDetails;
    if (privateKey.asymmetricKeyType !== 'rsa') {
        throw new errors/* BundleError */.rJ('key_not_rsa', `${input} is a ${privateKey.asymmetricKeyType ?? 'non-RSA'} key; Capgo devices need an RSA-2048 key.`, input);
    }
    if (details?.modulusLength !== REQUIRED_MODULUS_BITS) {
        throw new errors/* BundleError */.rJ('key_size', `${input} is a ${details?.modulusLength}-bit RSA key; devices need exactly 2048 bits (iOS rejects anything but 256-byte RSA blocks). Create one with "capgo-bundle key create".`, input);
    }
    if (details.publicExponent !== PUBLIC_EXPONENT) {
        throw new errors/* BundleError */.rJ('key_exponent', `${input} uses public exponent ${details.publicExponent}; Capgo keys use 65537.`, input);
    }
    const publicPem = publicPemOf(privateKey);
    return { signer: keySigner(privateKey, input), publicPem, keyId: keyIdOf(publicPem) };
}
/** PKCS#1 public PEM, 64-character lines and a trailing newline: the form app configs carry. */
function publicPemOf(key) {
    const publicKey = key.type === 'public' ? key : (0,external_node_crypto_.createPublicKey)(key);
    return publicKey.export({ type: 'pkcs1', format: 'pem' });
}
/** What devices send as key_id: the first 20 characters of the public PEM body. */
function keyIdOf(publicPem) {
    return pemBody(publicPem).slice(0, KEY_ID_LENGTH);
}
/** Reads a public key from a config value or file; `source` names where it came from, for messages. */
function parsePublicKey(text, source, input) {
    const { block } = unwrapPem(text);
    if (!block || (block.label !== 'RSA PUBLIC KEY' && block.label !== 'PUBLIC KEY')) {
        throw new errors/* BundleError */.rJ('public_key_malformed', `${source} is not a PEM public key (expected -----BEGIN RSA PUBLIC KEY-----).`, input);
    }
    let key;
    try {
        key = (0,external_node_crypto_.createPublicKey)({ key: toPem(block.label, block.body), format: 'pem' });
    }
    catch {
        throw new errors/* BundleError */.rJ('public_key_malformed', `${source} could not be read as a PEM public key: the base64 body is damaged or truncated.`, input);
    }
    const pkcs1Pem = publicPemOf(key);
    return { key, form: block.label === 'RSA PUBLIC KEY' ? 'pkcs1' : 'spki', pkcs1Pem, keyId: keyIdOf(pkcs1Pem) };
}
/**
 * The check that catches the most common way to ship bundles every device
 * rejects: the app was built with a different public key, or with one Android
 * cannot use. With `allowMismatch` (a key rotation in progress: the config
 * already holds the next key while old native builds still need the old one),
 * a different key is returned as a warning naming both key ids instead.
 */
function checkConfigPublicKey(configKey, signing, configPath, allowMismatch = false) {
    const where = `plugins.CapacitorUpdater.publicKey in ${configPath}`;
    const info = parsePublicKey(configKey, where, 'capacitor-config');
    if (info.form === 'spki' || !configKey.startsWith('-----BEGIN RSA PUBLIC KEY-----')) {
        throw new errors/* BundleError */.rJ('config_key_format', `capacitor-config: ${where} is not a PKCS#1 key starting with "-----BEGIN RSA PUBLIC KEY-----": Android skips decryption with it and the update fails its checksum. Run "capgo-bundle key save" to write the right form.`, 'capacitor-config');
    }
    if (info.pkcs1Pem === signing.publicPem)
        return undefined;
    // Today's messages name private-key; a key kept elsewhere is named by its own input.
    const name = signing.signer.kind === 'key' ? 'private-key' : signing.signer.input;
    if (allowMismatch) {
        return `${name} (key id ${signing.keyId}) is not the key in ${where} (key id ${info.keyId}): only apps built before that config changed can decrypt this bundle (allow-key-mismatch: true, for a key rotation).`;
    }
    throw new errors/* BundleError */.rJ('key_mismatch', `${name} does not match ${where} (key id ${signing.keyId} vs ${info.keyId}): apps built with this config could not decrypt this bundle. Use the private key of that pair, or during a key rotation set allow-key-mismatch: true.`, name);
}
/** A fresh RSA-2048 pair in the PEM forms Capgo uses. */
function generateKeyPair() {
    const { privateKey, publicKey } = (0,external_node_crypto_.generateKeyPairSync)('rsa', { modulusLength: REQUIRED_MODULUS_BITS, publicExponent: Number(PUBLIC_EXPONENT) });
    return {
        privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }),
        publicPem: publicKey.export({ type: 'pkcs1', format: 'pem' }),
    };
}


/***/ }),

/***/ 7589:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  _: () => (/* binding */ DeviceRejection),
  I: () => (/* binding */ verifyBundle)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __nccwpck_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __nccwpck_require__(6466);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
// EXTERNAL MODULE: ./src/bundle/format.ts
var format = __nccwpck_require__(1097);
// EXTERNAL MODULE: ./src/bundle/keys.ts + 1 modules
var keys = __nccwpck_require__(7857);
;// CONCATENATED MODULE: ./src/bundle/zip-check.ts
/**
 * The rules the updater plugin applies when it unzips a bundle, checked on the
 * zip's central directory: Android reads with java.util.zip.ZipInputStream and
 * refuses paths that could escape the bundle folder; both platforms need
 * index.html at the root.
 */
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const FLAG_DATA_DESCRIPTOR = 1 << 3;
const METHOD_DEFLATED = 8;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
/** Keeps the last `limit` bytes of a stream, where the central directory lives. */
class Tail {
    limit;
    chunks = [];
    bytes = 0;
    constructor(limit) {
        this.limit = limit;
    }
    push(chunk) {
        this.chunks.push(chunk);
        this.bytes += chunk.length;
        while (this.chunks.length > 1 && this.bytes - this.chunks[0].length >= this.limit) {
            this.bytes -= this.chunks.shift().length;
        }
    }
    /** The kept bytes and the stream offset of the first of them. */
    read(totalBytes) {
        const data = Buffer.concat(this.chunks);
        return { data, start: totalBytes - data.length };
    }
}
/** How much of the zip's end verify keeps: enough for most central directories, which are then checked without a second read. */
const CENTRAL_DIRECTORY_TAIL = 8 * 1024 * 1024;
const CENTRAL_HEADER_SIZE = 46;
/**
 * Checks central-directory entries as they arrive, in chunks of any size, so
 * a directory of any length is checked in full with bounded memory (the names
 * seen, for duplicates).
 */
class CentralDirectoryCheck {
    count;
    carry = Buffer.alloc(0);
    seen = new Set();
    checked = 0;
    constructor(count) {
        this.count = count;
    }
    get done() {
        return this.checked >= this.count;
    }
    /** Returns the first problem found, or undefined to go on. */
    push(chunk) {
        let data = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
        let offset = 0;
        while (this.checked < this.count) {
            if (data.length - offset < CENTRAL_HEADER_SIZE)
                break;
            if (data.readUInt32LE(offset) !== CENTRAL_HEADER)
                return { reason: 'unzip_fail', detail: 'the zip central directory is damaged' };
            const nameLength = data.readUInt16LE(offset + 28);
            const length = CENTRAL_HEADER_SIZE + nameLength + data.readUInt16LE(offset + 30) + data.readUInt16LE(offset + 32);
            if (data.length - offset < length)
                break;
            const problem = this.entry(data.readUInt16LE(offset + 8), data.readUInt16LE(offset + 10), data.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'));
            if (problem)
                return problem;
            offset += length;
            this.checked++;
        }
        data = data.subarray(offset);
        // A copy, so the caller's (possibly large) chunk is not kept alive by a few leftover bytes.
        this.carry = this.done ? Buffer.alloc(0) : Buffer.from(data);
        return undefined;
    }
    /** After the last chunk: every entry present, index.html among them. */
    finish() {
        if (!this.done)
            return { reason: 'unzip_fail', detail: 'the zip central directory is damaged (it ends early)' };
        if (!this.seen.has('index.html'))
            return { reason: 'unzip_fail', detail: 'the zip has no index.html at its root' };
        return undefined;
    }
    entry(flags, method, name) {
        if (flags & FLAG_DATA_DESCRIPTOR && method !== METHOD_DEFLATED) {
            return { reason: 'unzip_fail', detail: `${name} is stored with a data descriptor, which Android's ZipInputStream refuses ("only DEFLATED entries can have EXT descriptor")` };
        }
        if (name.includes('\\'))
            return { reason: 'windows_path_fail', detail: `${name} uses a backslash as path separator` };
        if (name === '' || name.startsWith('/') || name.split('/').includes('..') || name.includes('\0')) {
            return { reason: 'canonical_path_fail', detail: `${JSON.stringify(name)} could point outside the bundle folder` };
        }
        if (this.seen.has(name))
            return { reason: 'unzip_fail', detail: `${name} appears twice in the zip` };
        this.seen.add(name);
        return undefined;
    }
}
/**
 * Returns the first problem a device would hit, or the number of entries
 * checked. `tail` holds the end of the zip starting at offset `start`; a
 * central directory that starts before it is read again with `readFrom`, so
 * every entry is checked whatever the directory's size.
 */
async function checkZipStructure(tail, start, readFrom) {
    const eocd = findEndOfCentralDirectory(tail);
    if (eocd < 0)
        return { reason: 'unzip_fail', detail: 'the decrypted data has no zip central directory' };
    const count = tail.readUInt16LE(eocd + 10);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    const check = new CentralDirectoryCheck(count);
    if (directoryOffset >= start) {
        const problem = check.push(tail.subarray(directoryOffset - start));
        if (problem)
            return problem;
    }
    else {
        for await (const chunk of readFrom(directoryOffset)) {
            const problem = check.push(chunk);
            if (problem)
                return problem;
            if (check.done)
                break;
        }
    }
    return check.finish() ?? { entries: count };
}
function isZipProblem(result) {
    return 'reason' in result;
}
function findEndOfCentralDirectory(data) {
    const earliest = Math.max(0, data.length - EOCD_SIZE - MAX_COMMENT);
    for (let at = data.length - EOCD_SIZE; at >= earliest; at--) {
        if (data.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY)
            return at;
    }
    return -1;
}

;// CONCATENATED MODULE: ./src/bundle/verify.ts










/** A device would reject this bundle; `reason` is what it would report. */
class DeviceRejection extends errors/* BundleError */.rJ {
    reason;
    constructor(reason, detail) {
        super(`device_${reason}`, `devices would reject this bundle (${reason}): ${detail}`);
        this.reason = reason;
    }
}
const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/**
 * Does what @capgo/capacitor-updater does with a downloaded bundle, step by
 * step, written from capgo-format.md rather than from our own encoder, so a
 * mistake in one is not mirrored in the other.
 */
async function verifyBundle(options) {
    const publicKey = (0,keys/* parsePublicKey */.ee)(options.publicKey, 'the public key');
    if (publicKey.form !== 'pkcs1') {
        throw new DeviceRejection('checksum_fail', 'the public key is SPKI ("BEGIN PUBLIC KEY"); Android skips decryption with it and then fails the checksum');
    }
    let sessionKey;
    let iv;
    try {
        const parsed = (0,format/* parseIvSessionKey */.ob)(options.ivSessionKey);
        iv = parsed.iv;
        sessionKey = (0,format/* recoverSessionKey */.sd)(publicKey.key, parsed.encryptedKey);
    }
    catch (error) {
        if (error instanceof format/* SessionKeyError */.o$)
            throw new DeviceRejection('decrypt_fail', error.message);
        throw error;
    }
    let expected;
    try {
        if (options.checksum !== undefined)
            expected = (0,format/* recoverChecksum */.s1)(publicKey.key, options.checksum.trim());
    }
    catch (error) {
        if (error instanceof format/* ChecksumError */.Al)
            throw new DeviceRejection('checksum_fail', error.message);
        throw error;
    }
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let zipSize = 0;
    let head = Buffer.alloc(0);
    const tail = new Tail(CENTRAL_DIRECTORY_TAIL);
    const measure = new external_node_stream_.Transform({
        transform(chunk, _encoding, callback) {
            hash.update(chunk);
            zipSize += chunk.length;
            if (head.length < ZIP_LOCAL_HEADER.length)
                head = Buffer.concat([head, chunk.subarray(0, ZIP_LOCAL_HEADER.length)]);
            tail.push(chunk);
            callback(null, chunk);
        },
    });
    const partial = options.writeTo ? (0,external_node_path_.join)((0,external_node_path_.dirname)(options.writeTo), `.${(0,external_node_path_.basename)(options.writeTo)}.${(0,external_node_crypto_.randomUUID)()}.partial`) : undefined;
    const sink = partial ? (0,external_node_fs_.createWriteStream)(partial, { flags: 'wx' }) : discard();
    try {
        await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(options.file), (0,external_node_crypto_.createDecipheriv)(format/* CIPHER */.s6, sessionKey, iv), measure, sink);
    }
    catch (error) {
        if (partial)
            await (0,promises_.rm)(partial, { force: true });
        const code = error.code ?? '';
        if (code.startsWith('ERR_OSSL') || /bad decrypt|wrong final block/i.test(String(error))) {
            throw new DeviceRejection('decrypt_fail', 'AES-128-CBC decryption failed (bad padding): the file or the session key was changed');
        }
        throw error;
    }
    const actual = hash.digest('hex');
    const fail = async (reason, detail) => {
        if (partial)
            await (0,promises_.rm)(partial, { force: true });
        throw new DeviceRejection(reason, detail);
    };
    if (expected && actual !== expected.expectedSha256) {
        await fail('checksum_fail', `the decrypted zip's SHA-256 (${actual}) differs from the signed checksum (${expected.format})`);
    }
    if (!head.subarray(0, ZIP_LOCAL_HEADER.length).equals(ZIP_LOCAL_HEADER)) {
        await fail('unzip_fail', 'the decrypted data is not a zip file');
    }
    const { data, start } = tail.read(zipSize);
    const structure = await checkZipStructure(data, start, (offset) => decryptFrom(options.file, sessionKey, iv, offset));
    if (isZipProblem(structure))
        return fail(structure.reason, structure.detail);
    if (partial && options.writeTo)
        await (0,promises_.rename)(partial, options.writeTo);
    return { sha256: actual, checksumFormat: expected?.format, zipSize, entries: structure.entries };
}
const BLOCK = 16;
/** The plaintext from `offset` on, decrypting from the enclosing CBC block: the ciphertext block before it is that block's IV. */
async function* decryptFrom(file, sessionKey, iv, offset) {
    const block = Math.floor(offset / BLOCK);
    let blockIv = iv;
    if (block > 0) {
        const handle = await (0,promises_.open)(file, 'r');
        try {
            blockIv = Buffer.alloc(BLOCK);
            await handle.read(blockIv, 0, BLOCK, (block - 1) * BLOCK);
        }
        finally {
            await handle.close();
        }
    }
    const source = (0,external_node_fs_.createReadStream)(file, { start: block * BLOCK });
    let skip = offset - block * BLOCK;
    try {
        for await (const chunk of source.pipe((0,external_node_crypto_.createDecipheriv)(format/* CIPHER */.s6, sessionKey, blockIv))) {
            if (skip >= chunk.length) {
                skip -= chunk.length;
                continue;
            }
            yield skip ? chunk.subarray(skip) : chunk;
            skip = 0;
        }
    }
    finally {
        source.destroy();
    }
}
function discard() {
    return new external_node_stream_.Writable({ write: (_chunk, _encoding, callback) => callback() });
}


/***/ }),

/***/ 2691:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Lx: () => (/* binding */ exitOnSignals),
/* harmony export */   zO: () => (/* binding */ RunGuard)
/* harmony export */ });
/* unused harmony exports CancelledError, CANCEL_BUDGET_MS, CANCEL_DEADLINE_MS, cancelReport, signalExitCode */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);

/** Thrown by work that notices the run was cancelled; the face prints the guard's report instead. */
class CancelledError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ {
    constructor(reason) {
        super('cancelled', `Cancelled (${reason}).`);
    }
}
/** How long undo actions may take after a signal: GitHub sends SIGTERM 7.5 s after SIGINT, and we promise an exit within 5 s. */
const CANCEL_BUDGET_MS = 3_500;
/** The process exits by then whatever the undo actions are doing. */
const CANCEL_DEADLINE_MS = 4_500;
/**
 * What a run must undo if it is stopped. Each step that creates something
 * outside this process (a file, a multipart upload, a Capgo row, an object)
 * registers how to undo it, and drops the entry once the thing is committed
 * (published for good) or cleaned up by the step's own failure handling.
 * `signal` aborts when the run is cancelled, so requests in flight stop and
 * no new write starts.
 */
class RunGuard {
    controller = new AbortController();
    pending = new Map();
    reason;
    get signal() {
        return this.controller.signal;
    }
    get cancelled() {
        return this.controller.signal.aborted;
    }
    /** Registers an undo; the returned function drops it again. */
    add(what, undo) {
        const id = Symbol(what);
        this.pending.set(id, { what, undo });
        return () => void this.pending.delete(id);
    }
    /** What is registered now, oldest first (for tests and debug lines). */
    registered() {
        return [...this.pending.values()].map((entry) => entry.what);
    }
    /** Throws a CancelledError once the run is cancelled: call before each write. */
    throwIfCancelled() {
        if (this.cancelled)
            throw new CancelledError(this.reason ?? 'cancelled');
    }
    /**
     * Stops the run: aborts `signal`, then runs every registered undo at once
     * (each gets the time left of `budgetMs`), and returns one line saying what
     * was cleaned and what could not be. Calling it twice returns the first report.
     */
    cancel(reason, budgetMs = CANCEL_BUDGET_MS) {
        this.report ??= this.runUndos(reason, budgetMs);
        return this.report;
    }
    report;
    async runUndos(reason, budgetMs) {
        this.reason = reason;
        this.controller.abort(new CancelledError(reason));
        const entries = [...this.pending.values()].reverse();
        this.pending.clear();
        const budget = AbortSignal.timeout(budgetMs);
        const outcomes = await Promise.all(entries.map((entry) => settle(entry, budget)));
        const cleaned = outcomes.flatMap((outcome) => (outcome.cleaned ? [outcome.cleaned] : []));
        const left = outcomes.flatMap((outcome) => (outcome.left ? [outcome.left] : []));
        return cancelReport(reason, cleaned, left);
    }
}
/** One undo, bounded by the budget; a failure or a time-out becomes what stays. */
async function settle(entry, budget) {
    const outOfTime = new Promise((resolve) => {
        const stop = () => resolve({ left: `${entry.what} (clean-up ran out of time)` });
        if (budget.aborted)
            stop();
        else
            budget.addEventListener('abort', stop, { once: true });
    });
    try {
        return await Promise.race([entry.undo(budget), outOfTime]);
    }
    catch (error) {
        return { left: `${entry.what} (${error instanceof Error ? error.message : String(error)})` };
    }
}
function cancelReport(reason, cleaned, left) {
    const parts = [`Cancelled by ${reason}.`];
    if (cleaned.length)
        parts.push(`Cleaned up: ${cleaned.join('; ')}.`);
    if (left.length)
        parts.push(`Not cleaned up: ${left.join('; ')}.`);
    if (!cleaned.length && !left.length)
        parts.push('Nothing to clean up: this run had not created anything yet.');
    return parts.join(' ');
}
/** Exit status after a signal, as shells report it: 128 + the signal number. */
function signalExitCode(signal) {
    return signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1;
}
/**
 * Installs SIGINT/SIGTERM handlers for one run. The first signal cancels the
 * guard and exits with the report within CANCEL_DEADLINE_MS; later signals
 * (GitHub follows SIGINT with SIGTERM) do not cut the clean-up short.
 * Returns the function that removes the handlers once the run is over.
 */
function exitOnSignals(guard, face) {
    let started = false;
    const onSignal = (signal) => {
        if (started)
            return;
        started = true;
        const code = signalExitCode(signal);
        const deadline = setTimeout(() => {
            face.report(cancelReport(signal, [], ['clean-up did not finish in time; check output-dir, storage and Capgo for leftovers of this run']));
            face.exit(code);
        }, CANCEL_DEADLINE_MS);
        void guard.cancel(signal).then((line) => {
            clearTimeout(deadline);
            face.report(line);
            face.exit(code);
        });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return () => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
    };
}


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Uc: () => (/* binding */ describeError),
/* harmony export */   VU: () => (/* binding */ isBundleError),
/* harmony export */   rJ: () => (/* binding */ BundleError)
/* harmony export */ });
/**
 * The one error type of the project. `message` is written for the person who
 * has to fix something: it names the input (or file) to change and, where it
 * helps, what devices would do with the result. `code` is stable for tests and
 * scripts. Messages never carry key material, tokens or signed URLs.
 */
class BundleError extends Error {
    code;
    /** The action input (or CLI flag, same name) the user should change, when there is one. */
    input;
    constructor(code, message, input) {
        super(message);
        this.name = 'BundleError';
        this.code = code;
        this.input = input;
    }
}
function isBundleError(error) {
    return error instanceof BundleError;
}
/** A message safe to show: ours as is, anything else reduced to its message. */
function describeError(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}


/***/ }),

/***/ 6549:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ checkSettings),
/* harmony export */   S: () => (/* binding */ publicUrlOf)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/* harmony import */ var _public_url_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(546);


/** The HTTP PUT backend's offline half: every rule about its settings, run by the plan before packing. */
function checkSettings(settings, target) {
    let parsed;
    try {
        parsed = new URL(settings.uploadUrl);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('upload_url_invalid', 'upload-url is not a URL; give the full presigned https:// URL to PUT the bundle to.', 'upload-url');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('upload_url_invalid', `upload-url must be an http:// or https:// URL, not ${parsed.protocol}//.`, 'upload-url');
    }
    if (!settings.publicUrl) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('public_url_missing', 'storage url needs public-url: the https URL devices download the bundle from (placeholders {appId}, {version}, {sha256}).', 'public-url');
    }
    publicUrlOf(settings, (0,_public_url_js__WEBPACK_IMPORTED_MODULE_1__/* .planTemplateValues */ .Ob)(target));
}
/** The URL devices download from; the settings passed `checkSettings`. */
function publicUrlOf(settings, values) {
    return (0,_public_url_js__WEBPACK_IMPORTED_MODULE_1__/* .devicePublicUrl */ .RJ)(settings.publicUrl ?? '', values, { allowInsecure: settings.allowInsecurePublicUrl, input: 'public-url' });
}


/***/ }),

/***/ 2211:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   F9: () => (/* binding */ HttpStatusError),
/* harmony export */   NY: () => (/* binding */ maskSecretHeaders),
/* harmony export */   PE: () => (/* binding */ downloadFile),
/* harmony export */   PL: () => (/* binding */ isRetryableHttpError),
/* harmony export */   PS: () => (/* binding */ isRetryableStatus),
/* harmony export */   Tc: () => (/* binding */ fileHeaders),
/* harmony export */   UN: () => (/* binding */ putFile),
/* harmony export */   YA: () => (/* binding */ seconds),
/* harmony export */   _I: () => (/* binding */ scrub),
/* harmony export */   e8: () => (/* binding */ networkCode),
/* harmony export */   fL: () => (/* binding */ noProgressError),
/* harmony export */   g2: () => (/* binding */ describeHttpError),
/* harmony export */   io: () => (/* binding */ isSecretHeader),
/* harmony export */   kL: () => (/* binding */ isTimeout),
/* harmony export */   l: () => (/* binding */ isTransientNetworkError),
/* harmony export */   lx: () => (/* binding */ ProgressTimer),
/* harmony export */   u9: () => (/* binding */ fetchWithTimeout),
/* harmony export */   yP: () => (/* binding */ maskUrl)
/* harmony export */ });
/* unused harmony exports SECRET_HEADER, causesOf */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_http__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_https__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_3__);




/**
 * The one HTTP layer of the publish stage: requests with time-outs, one
 * status error, one explanation of network failures, and the rules for what
 * is a secret in a request. Every backend and the Capgo client go through it.
 */
/** Header names whose values are credentials (Authorization, X-Api-Key, x-amz-security-token, Cookie, ...). */
const SECRET_HEADER = /auth|token|key|secret|signature|credential|cookie|session/i;
function isSecretHeader(name) {
    return SECRET_HEADER.test(name);
}
/** Enough of an error body to find an S3-style <Code>; the body itself is never printed. */
const ERROR_BODY_LIMIT = 8 * 1024;
const MAX_REDIRECTS = 5;
/** A non-2xx answer; the message carries the status, the storage error code and a short scrubbed detail, never the URL. */
class HttpStatusError extends Error {
    status;
    detail;
    errorCode;
    constructor(status, 
    /** Short, already scrubbed words of the server (Capgo's `{ error, message }`), or ''. */
    detail = '', 
    /** An S3-style <Code> from an XML error body. */
    errorCode) {
        super(`HTTP ${status}${errorCode ? ` ${errorCode}` : ''}${detail ? `: ${detail}` : ''}`);
        this.status = status;
        this.detail = detail;
        this.errorCode = errorCode;
        this.name = 'HttpStatusError';
    }
}
function isRetryableStatus(status) {
    return status === 429 || status >= 500;
}
/** The error and its causes, outermost first; cycles are cut. */
function causesOf(error) {
    const chain = [];
    for (let current = error; current && typeof current === 'object' && !chain.includes(current); current = current.cause) {
        chain.push(current);
    }
    return chain;
}
const SYSTEM_CODE = /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/;
/** The system error code somewhere in the cause chain (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET, ...). */
function networkCode(error) {
    for (const link of causesOf(error)) {
        const { code } = link;
        if (typeof code === 'string' && SYSTEM_CODE.test(code))
            return code;
    }
    return undefined;
}
/** No answer within the time allowed: an AbortSignal.timeout, our own socket timer, or the system's. */
function isTimeout(error) {
    return causesOf(error).some((link) => link.name === 'TimeoutError' || link.code === 'ETIMEDOUT');
}
const TRANSIENT_CODE = /^(ECONNRESET|EPIPE|ETIMEDOUT|EAI_AGAIN|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)$/;
/** Network-level failures worth another attempt: resets, timeouts, a dropped socket. */
function isTransientNetworkError(error) {
    for (const link of causesOf(error)) {
        const { code, name } = link;
        if (typeof code === 'string' && TRANSIENT_CODE.test(code))
            return true;
        if (name === 'TimeoutError' || name === 'AbortError')
            return true;
    }
    return error instanceof TypeError && /fetch failed|terminated|socket/i.test(error.message);
}
/** 5xx, 429 and transient network failures. */
function isRetryableHttpError(error) {
    if (error instanceof HttpStatusError)
        return isRetryableStatus(error.status);
    return isTransientNetworkError(error);
}
/** One line for a failed request: the status, or the system code with the words of the error that carries it. */
function describeHttpError(error) {
    if (error instanceof HttpStatusError)
        return error.message;
    for (const link of causesOf(error)) {
        const { code, message } = link;
        if (typeof code === 'string' && SYSTEM_CODE.test(code)) {
            const text = typeof message === 'string' ? message : '';
            return text.includes(code) ? text : [code, text].filter(Boolean).join(': ');
        }
    }
    return error instanceof Error ? error.message : String(error);
}
/** Replaces every secret in a text meant for people. */
function scrub(text, secrets) {
    return secrets.reduce((result, secret) => (secret ? result.split(secret).join('***') : result), text);
}
/**
 * A URL that is a credential (presigned): masked whole, its query, its
 * password, and each long query value (signature, credential, security
 * token) in both encodings, as any of them could end up in a message.
 * Returns what was masked, for scrubbing.
 */
function maskUrl(url, logger) {
    const masked = [url];
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        parsed = undefined;
    }
    if (parsed) {
        if (parsed.search.length > 1)
            masked.push(parsed.search.slice(1));
        if (parsed.password)
            masked.push(parsed.password);
        for (const [, value] of parsed.searchParams) {
            if (value.length < 8)
                continue;
            masked.push(value);
            if (encodeURIComponent(value) !== value)
                masked.push(encodeURIComponent(value));
        }
    }
    else if (url.includes('?')) {
        masked.push(url.slice(url.indexOf('?') + 1));
    }
    for (const value of masked)
        logger.secret(value);
    return masked;
}
/** Masks the values of credential-looking headers. */
function maskSecretHeaders(headers, logger) {
    for (const [name, value] of Object.entries(headers)) {
        if (value && isSecretHeader(name))
            logger.secret(value);
    }
}
/** The error a request ends with when no byte moved for `ms`: retryable, and recognised by isTimeout. */
function noProgressError(ms) {
    return Object.assign(new Error(`no progress for ${seconds(ms)} (request-timeout)`), { name: 'TimeoutError', code: 'ETIMEDOUT' });
}
/** "1 s", "1.5 s", "60 s". */
function seconds(ms) {
    return `${Number((ms / 1000).toFixed(1))} s`;
}
/**
 * A time-out measured on progress: it fires when `ms` pass without a
 * `touch()` (a byte sent or received), so a slow transfer that keeps moving
 * runs as long as it needs while a silent one ends. Its timer does not keep
 * the process alive.
 */
class ProgressTimer {
    ms;
    controller = new AbortController();
    timer;
    constructor(ms, onStall) {
        this.ms = ms;
        if (onStall)
            this.controller.signal.addEventListener('abort', () => onStall(this.controller.signal.reason), { once: true });
        this.touch();
    }
    /** Aborts when the time-out fires. */
    get signal() {
        return this.controller.signal;
    }
    touch() {
        if (this.controller.signal.aborted)
            return;
        if (this.timer)
            this.timer.refresh();
        else
            this.timer = setTimeout(() => this.controller.abort(noProgressError(this.ms)), this.ms).unref();
    }
    stop() {
        clearTimeout(this.timer);
    }
}
/**
 * A fetch that ends when no byte moved for `timeoutMs` (request-timeout):
 * until the answer's headers, then between chunks of its body, which the
 * returned Response streams through the same timer. `cancel` (the run's
 * signal) ends it at once. Redirects are not followed: one could hand a token
 * to another host.
 */
async function fetchWithTimeout(url, init, timeoutMs, cancel) {
    const timer = new ProgressTimer(timeoutMs);
    const signal = cancel ? AbortSignal.any([timer.signal, cancel]) : timer.signal;
    try {
        const response = await fetch(url, { ...init, redirect: 'manual', signal });
        timer.touch();
        if (!response.body) {
            timer.stop();
            return response;
        }
        const watched = response.body.pipeThrough(new TransformStream({
            transform(chunk, controller) {
                timer.touch();
                controller.enqueue(chunk);
            },
            flush() {
                timer.stop();
            },
        }));
        return new Response(watched, { status: response.status, statusText: response.statusText, headers: response.headers });
    }
    catch (error) {
        timer.stop();
        throw error;
    }
}
/**
 * Starts a request on a fresh connection, so a retry never reuses a socket
 * the server half-closed. `timeoutMs` limits the time without progress: to
 * connect, then socket inactivity (bytes written or read). `cancel` ends it.
 */
function open(url, method, headers, timeoutMs, cancel) {
    const request = (url.protocol === 'https:' ? node_https__WEBPACK_IMPORTED_MODULE_2__.request : node_http__WEBPACK_IMPORTED_MODULE_1__.request)(url, { method, headers, agent: false });
    const stall = () => request.destroy(noProgressError(timeoutMs));
    const connecting = setTimeout(stall, timeoutMs).unref();
    request.once('socket', (socket) => {
        if (socket.connecting)
            socket.once('connect', () => clearTimeout(connecting));
        else
            clearTimeout(connecting);
    });
    request.setTimeout(timeoutMs, stall);
    const onCancel = () => request.destroy(cancel?.reason instanceof Error ? cancel.reason : new Error('cancelled'));
    if (cancel?.aborted)
        onCancel();
    cancel?.addEventListener('abort', onCancel, { once: true });
    request.once('close', () => {
        clearTimeout(connecting);
        cancel?.removeEventListener('abort', onCancel);
    });
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
/** Headers a request must own: the body length is the file's, and framing is Node's. */
const RESERVED_HEADERS = new Set(['content-length', 'transfer-encoding', 'host', 'connection', 'expect']);
/** application/zip and the file's length; `extra` wins for everything else (a presigned URL may sign content-type). */
function fileHeaders(size, extra = {}) {
    const headers = { 'content-type': 'application/zip' };
    for (const [name, value] of Object.entries(extra)) {
        if (!RESERVED_HEADERS.has(name.toLowerCase()))
            headers[name.toLowerCase()] = value;
    }
    headers['content-length'] = size;
    return headers;
}
/**
 * One PUT of a whole file from disk (a presigned upload). The stream is
 * opened per call, so a retry starts at byte 0. Throws HttpStatusError on a
 * non-2xx answer.
 */
async function putFile(url, file, headers, timeoutMs, cancel) {
    const source = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(file);
    const exchange = open(url, 'PUT', headers, timeoutMs, cancel);
    exchange.request.once('close', () => source.destroy());
    source.on('error', (error) => exchange.request.destroy(error));
    source.pipe(exchange.request);
    // A server may answer (e.g. 503) before reading the whole body; that answer is what counts.
    const response = await exchange.response;
    if (response.statusCode && response.statusCode >= 200 && response.statusCode < 300) {
        response.resume();
        return;
    }
    throw new HttpStatusError(response.statusCode ?? 0, '', await errorCodeOf(response));
}
/** GET to a file, following redirects as devices do. */
async function downloadFile(url, file, timeoutMs, cancel) {
    let current = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        const exchange = open(current, 'GET', {}, timeoutMs, cancel);
        exchange.request.end();
        const response = await exchange.response;
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
            response.resume();
            current = new URL(response.headers.location, current);
            continue;
        }
        if (status !== 200)
            throw new HttpStatusError(status, '', await errorCodeOf(response));
        await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_3__.pipeline)(response, (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createWriteStream)(file));
        return;
    }
    throw new Error(`more than ${MAX_REDIRECTS} redirects`);
}


/***/ }),

/***/ 546:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   HA: () => (/* binding */ requireDeviceUrl),
/* harmony export */   Ob: () => (/* binding */ planTemplateValues),
/* harmony export */   RJ: () => (/* binding */ devicePublicUrl),
/* harmony export */   g: () => (/* binding */ expandKeyTemplate),
/* harmony export */   xC: () => (/* binding */ encodeKeyPath),
/* harmony export */   yv: () => (/* binding */ originOf)
/* harmony export */ });
/* unused harmony export expandUrlTemplate */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);

const PLACEHOLDER = /\{([^{}]*)\}/g;
const PLACEHOLDERS = ['appId', 'version', 'sha256', 'key'];
/**
 * Fills `{name}` placeholders with the values given. An unknown name is an
 * error rather than left as is: a typo like `{versoin}` would otherwise
 * publish every version to the same literal key.
 */
function fill(template, values, input, encode) {
    const known = new Map();
    for (const name of PLACEHOLDERS) {
        const value = values[name];
        if (value !== undefined)
            known.set(name, value);
    }
    return template.replace(PLACEHOLDER, (_match, name) => {
        const value = known.get(name);
        if (value === undefined) {
            const names = [...known.keys()].map((knownName) => `{${knownName}}`).join(', ');
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('template_placeholder', `${input} uses {${name}}, which is not a placeholder; use ${names}.`, input);
        }
        return encode(name, value);
    });
}
/** Each path segment percent-encoded, `/` kept: S3 reads a literal `+` in a path as a space. */
function encodeKeyPath(key) {
    return key.split('/').map(encodeURIComponent).join('/');
}
/** An object key from its template; values go in raw because S3 stores keys verbatim. */
function expandKeyTemplate(template, values, input) {
    const key = fill(template, { appId: values.appId, version: values.version, sha256: values.sha256 }, input, (_name, value) => value);
    if (!key || key.startsWith('/')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('key_invalid', `${input} gives the object key "${key}"; it must be non-empty and must not start with "/".`, input);
    }
    return key;
}
/** A URL from its template; values are percent-encoded so they stay one path segment (or, for {key}, its segments). */
function expandUrlTemplate(template, values, input) {
    return fill(template, values, input, (name, value) => (name === 'key' ? encodeKeyPath(value) : encodeURIComponent(value)));
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
/** What the plan fills templates with: the checksum is not known before packing, so a dummy stands in. */
function planTemplateValues(target) {
    return { appId: target.appId, version: target.version, sha256: '0'.repeat(64) };
}


/***/ }),

/***/ 833:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ withRetry),
/* harmony export */   i: () => (/* binding */ defaultRetry)
/* harmony export */ });
const defaultRetry = { attempts: 4, baseDelayMs: 500 };
/** Runs `attempt` until it succeeds, a failure is not retryable, or attempts run out. Each retry is logged. */
async function withRetry(attempt, options) {
    const { signal } = options;
    for (let n = 1;; n++) {
        signal?.throwIfAborted();
        try {
            return await attempt(n);
        }
        catch (error) {
            if (signal?.aborted)
                throw signal.reason;
            if (n >= options.attempts || !options.retryable(error))
                throw error;
            const delay = options.baseDelayMs * 2 ** (n - 1) * (0.75 + Math.random() / 2);
            const reason = error instanceof Error ? error.message : String(error);
            options.logger.info(`${options.what} failed (${reason}); retry ${n} of ${options.attempts - 1} in ${Math.round(delay)} ms`);
            await pause(delay, signal);
        }
    }
}
/** Waits `ms`, or less when `signal` aborts. */
function pause(ms, signal) {
    return new Promise((resolve) => {
        const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        signal?.addEventListener('abort', done, { once: true });
    });
}


/***/ }),

/***/ 787:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   EW: () => (/* binding */ checkSettings),
/* harmony export */   Vj: () => (/* binding */ planS3Location),
/* harmony export */   X5: () => (/* binding */ endpointOf),
/* harmony export */   fb: () => (/* binding */ endpointBase)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/* harmony import */ var _public_url_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(546);


/**
 * The S3 backend's offline half: every rule about its settings, and where a
 * bundle goes. No SDK here, so the plan can load it without the AWS SDK.
 */
const R2_HOST = /\.r2\.cloudflarestorage\.com$/i;
/**
 * Every check of S3 settings that needs no network; the plan runs it before
 * packing, with a dummy checksum in the templates. The backend then trusts
 * the settings.
 */
function checkSettings(settings, target) {
    const { accessKeyId, secretAccessKey } = settings;
    if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('input_conflict', 's3-access-key-id and s3-secret-access-key go together: set both, or neither to use the AWS credential chain (OIDC).', accessKeyId ? 's3-secret-access-key' : 's3-access-key-id');
    }
    if (!settings.endpoint && settings.region === 'auto') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('s3_endpoint', 's3-region "auto" is for Cloudflare R2 and needs s3-endpoint (https://<account id>.r2.cloudflarestorage.com).', 's3-endpoint');
    }
    // Inputs made sure s3-endpoint is an http(s) URL.
    const endpoint = endpointOf(settings);
    if (endpoint && (endpoint.username || endpoint.password || endpoint.search)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('s3_endpoint', 's3-endpoint must not carry credentials or a query; give keys in s3-access-key-id and s3-secret-access-key.', 's3-endpoint');
    }
    planS3Location(settings, (0,_public_url_js__WEBPACK_IMPORTED_MODULE_1__/* .planTemplateValues */ .Ob)(target));
}
function endpointOf(settings) {
    return settings.endpoint ? new URL(settings.endpoint) : undefined;
}
/** Scheme, host and path of the endpoint, without a trailing slash. */
function endpointBase(endpoint) {
    return `${endpoint.protocol}//${endpoint.host}${endpoint.pathname.replace(/\/+$/, '')}`;
}
/** AWS's virtual-hosted URL; path style for dotted bucket names, which break the wildcard certificate. */
function defaultPublicUrl(settings, endpoint, key) {
    const path = (0,_public_url_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeKeyPath */ .xC)(key);
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
        return (0,_public_url_js__WEBPACK_IMPORTED_MODULE_1__/* .devicePublicUrl */ .RJ)(settings.publicUrl, values, rule);
    if (endpoint && R2_HOST.test(endpoint.hostname)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('public_url_missing', "Cloudflare R2's S3 endpoint only serves signed requests, so devices cannot download from it; set public-url to the bucket's public r2.dev URL or custom domain, e.g. https://cdn.example.com/{key}.", 'public-url');
    }
    return (0,_public_url_js__WEBPACK_IMPORTED_MODULE_1__/* .requireDeviceUrl */ .HA)(defaultPublicUrl(settings, endpoint, values.key), { ...rule, source: 'The default public URL (no public-url given)' });
}
/** Where a bundle goes and where devices fetch it; no network, so every template error surfaces before a request. */
function planS3Location(settings, bundle) {
    const endpoint = endpointOf(settings);
    const values = { appId: bundle.appId, version: bundle.version, sha256: bundle.sha256 };
    const key = (0,_public_url_js__WEBPACK_IMPORTED_MODULE_1__/* .expandKeyTemplate */ .g)(settings.keyTemplate, values, 's3-key');
    return { key, url: publicUrlOf(settings, endpoint, { ...values, key }), uri: `s3://${settings.bucket}/${key}` };
}


/***/ }),

/***/ 7900:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   OX: () => (/* binding */ requirePackedFile),
/* harmony export */   St: () => (/* binding */ verifyStoredCopy),
/* harmony export */   XH: () => (/* binding */ withTempFile)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _bundle_verify_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(7589);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(3916);





/** Runs `use` with a fresh temporary file path; the directory is gone afterwards whatever happens, a cancelled run included. */
async function withTempFile(name, use, guard) {
    const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)(), 'capgo-bundle-stored-'));
    const dropUndo = guard?.add(`the download in ${dir}`, async () => {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(dir, { recursive: true, force: true });
        return { cleaned: `removed the partial download in ${dir}` };
    });
    try {
        return await use((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, name));
    }
    finally {
        dropUndo?.();
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(dir, { recursive: true, force: true });
    }
}
/**
 * Checks a downloaded copy of what storage holds the way a device would.
 * `where` names the stored object for messages (s3://bucket/key, or a
 * public URL); `cleanup`, when given, says what to delete when it is bad
 * (without it the caller adds what it did about the object).
 */
async function verifyStoredCopy(file, bundle, where, logger) {
    const reject = (detail) => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('stored_bundle_invalid', `The stored copy at ${where.label} ${detail}.${where.cleanup ? ` Nothing was registered; ${where.cleanup}` : ''}`);
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
/** The file about to be uploaded is the one that was packed and verified; publish checks this once, before any upload. */
async function requirePackedFile(bundle) {
    const { size } = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(bundle.path);
    if (size !== bundle.bundleSize) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('bundle_changed', `${bundle.path} has ${size} bytes but was packed with ${bundle.bundleSize}: it changed after packing. Pack again.`);
    }
}


/***/ }),

/***/ 4998:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CommandSigner: () => (/* binding */ CommandSigner),
/* harmony export */   G: () => (/* binding */ parseCommandLines)
/* harmony export */ });
/* unused harmony export decodeSignature */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3916);
/* harmony import */ var _process_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(1082);



const DEFAULT_TIMEOUT_MS = 60_000;
const SIGNATURE_BYTES = 256;
const HEX = /^[0-9a-fA-F]{512}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** `signer-command` as written in YAML: one argument per line, blank lines ignored, nothing interpreted. */
function parseCommandLines(text) {
    return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
}
/** Raw bytes, hex or base64, told apart by length: 256 bytes, 512 hex digits, 344 base64 characters. */
function decodeSignature(stdout) {
    if (stdout.length === SIGNATURE_BYTES)
        return stdout;
    const text = stdout.toString('latin1').replace(/\s+/g, '');
    if (HEX.test(text))
        return Buffer.from(text, 'hex');
    if (BASE64.test(text)) {
        const bytes = Buffer.from(text, 'base64');
        if (bytes.length === SIGNATURE_BYTES && bytes.toString('base64') === text)
            return bytes;
    }
    return undefined;
}
/**
 * Any program that signs: the bytes to sign on its stdin, the 256-byte raw
 * PKCS#1 v1.5 type-1 signature on its stdout, exit 0. `openssl pkeyutl -sign
 * -pkeyopt rsa_padding_mode:pkcs1` with a provider, a Vault call, a company
 * signing service. Its stderr is shown through the logger, which masks.
 */
class CommandSigner {
    settings;
    logger;
    kind = 'command';
    input = 'signer-command';
    description;
    constructor(settings, logger) {
        this.settings = settings;
        this.logger = logger;
        this.description = `signer-command ${(0,node_path__WEBPACK_IMPORTED_MODULE_0__.basename)(settings.argv[0] ?? '')}`;
    }
    async publicKey() {
        return undefined;
    }
    async sign(data) {
        const [program, ...args] = this.settings.argv;
        const timeoutMs = this.settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        const result = await (0,_process_js__WEBPACK_IMPORTED_MODULE_2__/* .runProgram */ .m)(program, args, { input: data, timeoutMs });
        for (const line of result.stderr.split(/\r?\n/))
            if (line.trim())
                this.logger.info(`signer-command: ${line}`);
        const name = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.basename)(program);
        if (result.startError) {
            const reason = result.startError.code === 'ENOENT' ? 'not found (give a path, or a program on PATH; no shell runs it)' : `could not start (${result.startError.code ?? 'error'})`;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('signer_command_missing', `signer-command: ${name} ${reason}.`, 'signer-command');
        }
        if (result.timedOut)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('signer_command_timeout', `signer-command: ${name} did not finish within ${timeoutMs / 1000} s and was stopped.`, 'signer-command');
        if (result.code !== 0)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('signer_command_failed', `signer-command: ${name} exited with code ${result.code ?? '?'}${result.stderr.trim() ? ' (its stderr is above)' : ''}.`, 'signer-command');
        const signature = decodeSignature(result.stdout);
        if (!signature) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BundleError */ .rJ('signer_command_output', `signer-command: ${name} wrote ${result.stdout.length} bytes on stdout; it must write the 256-byte signature, raw, as hex (512 characters) or base64 (344 characters).`, 'signer-command');
        }
        return signature;
    }
}


/***/ }),

/***/ 1355:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   G6: () => (/* binding */ GCP_KMS_KEY_VERSION),
/* harmony export */   Hs: () => (/* binding */ openSigner),
/* harmony export */   ND: () => (/* binding */ probeSigner),
/* harmony export */   Pi: () => (/* binding */ checkedSign),
/* harmony export */   i$: () => (/* binding */ signingKeyOf),
/* harmony export */   pf: () => (/* binding */ SIGNER_KINDS)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _bundle_keys_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7857);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3916);



const SIGNER_KINDS = ['key', 'pkcs11', 'gcp-kms', 'command'];
/** Here rather than in gcp-kms.ts, so the plan can check the name without loading google-auth-library. */
const GCP_KMS_KEY_VERSION = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+\/cryptoKeyVersions\/\d+$/;
/**
 * Each implementation is loaded only when chosen: the default `key` path
 * never loads google-auth-library or spawns anything.
 */
async function openSigner(settings, logger) {
    switch (settings.kind) {
        case 'pkcs11': {
            const { Pkcs11Signer } = await __nccwpck_require__.e(/* import() */ 66).then(__nccwpck_require__.bind(__nccwpck_require__, 2066));
            return new Pkcs11Signer(settings.pkcs11);
        }
        case 'gcp-kms': {
            const { GcpKmsSigner } = await Promise.all(/* import() */[__nccwpck_require__.e(492), __nccwpck_require__.e(1)]).then(__nccwpck_require__.bind(__nccwpck_require__, 1));
            return new GcpKmsSigner(settings.gcpKms, logger);
        }
        case 'command': {
            const { CommandSigner } = await Promise.resolve(/* import() */).then(__nccwpck_require__.bind(__nccwpck_require__, 4998));
            return new CommandSigner(settings.command, logger);
        }
    }
}
/**
 * The signer's public key: the one it reports (PKCS#11, Cloud KMS), else
 * `public-key`, else the app's configured key. A reported key and a given one
 * must agree. Devices need RSA-2048 with exponent 65537, whatever signs.
 */
async function signingKeyOf(signer, given) {
    const reported = await signer.publicKey();
    const fromSigner = reported ? (0,_bundle_keys_js__WEBPACK_IMPORTED_MODULE_1__/* .parsePublicKey */ .ee)(reported, `the public key reported by ${signer.description}`, signer.input) : undefined;
    const fromInput = given.publicKey ? (0,_bundle_keys_js__WEBPACK_IMPORTED_MODULE_1__/* .parsePublicKey */ .ee)(given.publicKey, 'public-key', 'public-key') : undefined;
    if (fromSigner && fromInput && fromSigner.pkcs1Pem !== fromInput.pkcs1Pem) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .BundleError */ .rJ('public_key_mismatch', `public-key (key id ${fromInput.keyId}) is not the public key of ${signer.description} (key id ${fromSigner.keyId}); drop public-key or give the right one.`, 'public-key');
    }
    const chosen = fromSigner ??
        fromInput ??
        (given.configKey ? (0,_bundle_keys_js__WEBPACK_IMPORTED_MODULE_1__/* .parsePublicKey */ .ee)(given.configKey.text, `plugins.CapacitorUpdater.publicKey in ${given.configKey.path}`, 'capacitor-config') : undefined);
    if (!chosen) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .BundleError */ .rJ('public_key_missing', `public-key is not set and signer ${signer.kind} cannot report its public key: set public-key to the signing key's .capgo_key_v2.pub (or keep it in the capacitor config), so every signature can be checked.`, 'public-key');
    }
    const source = fromSigner ? signer.input : fromInput ? 'public-key' : 'capacitor-config';
    const details = chosen.key.asymmetricKeyDetails;
    if (chosen.key.asymmetricKeyType !== 'rsa') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .BundleError */ .rJ('key_not_rsa', `${source}: ${signer.description} has a ${chosen.key.asymmetricKeyType ?? 'non-RSA'} key; Capgo devices need an RSA-2048 key.`, source);
    }
    if (details?.modulusLength !== _bundle_keys_js__WEBPACK_IMPORTED_MODULE_1__/* .REQUIRED_MODULUS_BITS */ .Jj) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .BundleError */ .rJ('key_size', `${source}: ${signer.description} has a ${details?.modulusLength}-bit RSA key; devices need exactly 2048 bits (iOS rejects anything but 256-byte RSA blocks).`, source);
    }
    if (details.publicExponent !== 65537n)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .BundleError */ .rJ('key_exponent', `${source}: ${signer.description} uses public exponent ${details.publicExponent}; Capgo keys use 65537.`, source);
    return { signer, publicPem: chosen.pkcs1Pem, keyId: chosen.keyId };
}
/**
 * Every signature, from every signer, is checked against the public key
 * before it is used: a DigestInfo-wrapped signature, another key, or a
 * damaged answer would otherwise ship a bundle every device rejects.
 */
async function checkedSign(key, data) {
    const signature = await key.signer.sign(data);
    const input = key.signer.input;
    if (signature.length !== 256) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .BundleError */ .rJ('signature_size', `${input}: ${key.signer.description} returned a ${signature.length}-byte signature; an RSA-2048 signature is 256 bytes.`, input);
    }
    let recovered;
    try {
        recovered = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.publicDecrypt)({ key: key.publicPem, padding: node_crypto__WEBPACK_IMPORTED_MODULE_0__.constants.RSA_PKCS1_PADDING }, signature);
    }
    catch {
        recovered = undefined;
    }
    if (!recovered?.equals(data)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .BundleError */ .rJ('signature_invalid', `${input}: the signature from ${key.signer.description} does not verify with public key ${key.keyId}: another key, or not a raw PKCS#1 v1.5 signature (a DigestInfo-wrapped one is refused by devices).`, input);
    }
    return signature;
}
/** One signature of random bytes, checked: a wrong PIN, key or role fails in the plan, before any packing. */
async function probeSigner(key) {
    await checkedSign(key, (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(32));
}


/***/ }),

/***/ 1082:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ runProgram)
/* harmony export */ });
/* unused harmony export childEnvironment */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);

const MAX_OUTPUT = 1024 * 1024;
/**
 * The environment children inherit: the runner's, minus our own inputs
 * (INPUT_*: the Capgo token, the PIN) and key variables, which no signing
 * program needs.
 */
function childEnvironment(extra = {}) {
    const env = {};
    for (const [name, value] of Object.entries(process.env)) {
        if (name.startsWith('INPUT_') || name === 'CAPGO_PRIVATE_KEY' || name === 'CAPGO_TOKEN')
            continue;
        env[name] = value;
    }
    return { ...env, ...extra };
}
/**
 * Runs a program without a shell (arguments are passed as they are, nothing is
 * interpreted), with a time-out that kills it. @actions/exec was considered:
 * it has no time-out and echoes the command line unless silenced.
 */
function runProgram(program, args, options) {
    return new Promise((resolve) => {
        const stdout = [];
        let stdoutBytes = 0;
        let stderr = '';
        let timedOut = false;
        let settled = false;
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(program, args, { shell: false, stdio: ['pipe', 'pipe', 'pipe'], env: childEnvironment(options.env), windowsHide: true });
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
        }, options.timeoutMs);
        const finish = (result) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            resolve({ ...result, stdout: Buffer.concat(stdout), stderr, timedOut });
        };
        child.stdout.on('data', (chunk) => {
            stdoutBytes += chunk.length;
            if (stdoutBytes <= MAX_OUTPUT)
                stdout.push(chunk);
        });
        child.stderr.on('data', (chunk) => {
            if (stderr.length < MAX_OUTPUT)
                stderr += chunk.toString('utf8');
        });
        child.on('error', (error) => finish({ startError: error }));
        child.on('close', (code) => finish({ code: code ?? undefined }));
        // A program that exits without reading stdin makes the write fail with EPIPE; its exit code tells the story.
        child.stdin.on('error', () => undefined);
        child.stdin.end(options.input ?? Buffer.alloc(0));
    });
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 9140:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("constants");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 6466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 7830:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/web");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 3480:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("querystring");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 2018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 7016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 8167:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("worker_threads");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXTERNAL MODULE: ./src/bundle/verify.ts + 1 modules
var verify = __nccwpck_require__(7589);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"1.0.0"};
;// CONCATENATED MODULE: ./src/cli/command.ts
/** The contract between the dispatcher and one command file; imports no other CLI module. */
const BIN = 'capgo-bundle';
const PRIVATE_KEY_ENV = 'CAPGO_PRIVATE_KEY';
const PUBLIC_KEY_ENV = 'CAPGO_PUBLIC_KEY';
/** A command line that cannot mean anything: exit code 2. */
class UsageError extends Error {
}
/** A string option's value, or undefined when absent or empty. */
function str(context, name) {
    const value = context.values[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
}

;// CONCATENATED MODULE: ./src/cli/help.ts

/** Every help text the CLI prints: a command's, a group's (`key --help`) and the general one. */
const COMMON_OPTIONS = [
    { name: 'json', short: 'j', type: 'boolean', description: 'Print one JSON object on stdout (logs stay on stderr).' },
    { name: 'verbose', type: 'boolean', description: 'Also print debug messages.' },
    { name: 'help', short: 'h', type: 'boolean', description: 'Show this help.' },
];
function allOptions(spec) {
    return [...spec.options, ...COMMON_OPTIONS];
}
function formatHelp(spec) {
    const flag = (option) => {
        const names = `${option.short ? `-${option.short}, ` : '    '}--${option.name}`;
        if (option.type === 'boolean')
            return names;
        if (option.type === 'switch')
            return `${names}[=true|false]`;
        return `${names} <${option.value ?? 'value'}>${option.multiple ? ' ...' : ''}`;
    };
    const rows = [
        ...spec.positionals.map((positional) => [`<${positional.name}>`, positional.description]),
        ...allOptions(spec).map((option) => [flag(option), option.description + (option.choices ? ` (${option.choices.join(', ')})` : '')]),
    ];
    const width = Math.min(36, Math.max(...rows.map(([left]) => left.length)) + 2);
    const table = rows.map(([left, right]) => (left.length + 2 > width ? `  ${left}\n  ${' '.repeat(width)}${right}` : `  ${left.padEnd(width)}${right}`));
    return [`Usage: ${spec.usage}`, '', spec.summary, '', ...table, ...(spec.details ? ['', spec.details.trim()] : []), ''].join('\n');
}
function commandList(commands) {
    const width = Math.max(...commands.map((command) => command.spec.name.length)) + 3;
    return commands.map((command) => `  ${command.spec.name.padEnd(width)}${command.spec.brief}`);
}
/** `capgo-bundle key --help`: the commands of one group. */
function groupHelp(group, commands) {
    return [`Usage: ${BIN} ${group} <command> [options]`, '', 'Commands:', ...commandList(commands), '', `"${BIN} ${group} <command> --help" for one command.`, ''].join('\n');
}
function generalHelp(commands) {
    return [
        `Usage: ${BIN} <command> [options]`,
        '',
        'Encrypted Capgo live-update bundles, made exactly as devices decrypt them.',
        '',
        'Commands:',
        ...commandList(commands),
        '',
        `Every command takes --help, --json (one JSON object on stdout; logs go to stderr) and --verbose.`,
        `Private keys: --key PATH, --key-data PEM or ${PRIVATE_KEY_ENV}; public keys: --key, --key-data or ${PUBLIC_KEY_ENV}.`,
        'Exit codes: 0 success, 1 failure (verify: devices would reject the bundle), 2 usage error.',
        `"${BIN} bundle zip|encrypt|decrypt" is accepted too, as "@capgo/cli" spells them.`,
        '',
    ].join('\n');
}

// EXTERNAL MODULE: ./src/bundle/keys.ts + 1 modules
var keys = __nccwpck_require__(7857);
;// CONCATENATED MODULE: ./src/cli/logger.ts
const processStreams = {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
};
/**
 * The terminal face of Logger: everything goes to stderr, so stdout carries
 * only results (and with --json exactly one object) and stays pipeable.
 */
function terminalLogger(streams, verbose) {
    const secrets = new Set();
    let ordered = [];
    const redact = (text) => {
        let result = text;
        for (const secret of ordered)
            result = result.split(secret).join('***');
        return result;
    };
    const line = (prefix, message) => streams.stderr(redact(`${prefix}${message}`) + '\n');
    return {
        info: (message) => line('', message),
        warning: (message) => line('warning: ', message),
        debug: (message) => {
            if (verbose)
                line('debug: ', message);
        },
        secret: (value) => {
            const trimmed = value.trim();
            if (!trimmed || secrets.has(trimmed))
                return;
            secrets.add(trimmed);
            // Longest first, so a whole key is replaced before one of its lines could split it.
            ordered = [...secrets].sort((a, b) => b.length - a.length);
        },
        redact,
    };
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __nccwpck_require__(7975);
;// CONCATENATED MODULE: ./src/cli/parse.ts



/** argv → option values and positionals for one command, with node:util's parseArgs doing the parsing. */
/** As given, or base64-wrapped once as some secret stores hand it over. */
function looksLikePrivateKey(value) {
    return /PRIVATE KEY/.test(value) || (value.length > 100 && Buffer.from(value, 'base64').toString('latin1').includes('PRIVATE KEY'));
}
function shorten(value) {
    return value.length > 40 ? `${value.slice(0, 37)}...` : value;
}
/**
 * Rewrites what parseArgs cannot read as we mean it: `--opt value` becomes `--opt=value`
 * for string options, so a value that starts with a dash (a PEM given to --key-data) is
 * not refused as ambiguous; an action boolean written `--x true|false` becomes `--x` /
 * `--no-x`. Any other word after a switch is kept aside, so the plan refuses it by name
 * ("verify must be true or false") as the action would.
 */
function normaliseArgv(options, argv) {
    const byFlag = new Map();
    for (const option of options) {
        byFlag.set(`--${option.name}`, option);
        if (option.short)
            byFlag.set(`-${option.short}`, option);
    }
    const args = [];
    const switchWords = new Map();
    for (let i = 0; i < argv.length; i++) {
        const token = argv[i];
        if (token === '--') {
            args.push(...argv.slice(i));
            break;
        }
        const [flag, inline] = token.startsWith('--') && token.includes('=') ? [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)] : [token, undefined];
        const option = byFlag.get(flag);
        if (option?.type === 'switch') {
            const word = inline ?? (i + 1 < argv.length && !argv[i + 1].startsWith('-') ? argv[++i] : 'true');
            args.push(word === 'false' ? `--no-${option.name}` : `--${option.name}`);
            if (word !== 'true' && word !== 'false')
                switchWords.set(option.name, word);
        }
        else if (option?.type === 'string' && inline === undefined && i + 1 < argv.length)
            args.push(`--${option.name}=${argv[++i]}`);
        else
            args.push(token);
    }
    return { args, switchWords };
}
/** The closest known flag, when one is close enough to be what was meant (`--chanel` → `--channel`). */
function closestFlag(given, options) {
    const name = given.replace(/^--?(no-)?/, '').split('=')[0];
    let best;
    for (const option of options) {
        const distance = editDistance(name, option.name);
        if (!best || distance < best.distance)
            best = { flag: `--${option.name}`, distance };
    }
    return best && best.distance <= Math.max(1, Math.floor(name.length / 4)) ? best.flag : undefined;
}
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++)
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = current;
    }
    return previous[b.length];
}
function usageErrorFrom(error, options) {
    const code = error.code ?? '';
    if (!code.startsWith('ERR_PARSE_ARGS'))
        return error;
    const message = String(error.message).split(/\n|\. To specify/)[0];
    const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(-[^']+)'/.exec(message)?.[1] : undefined;
    const suggestion = unknown ? closestFlag(unknown, options) : undefined;
    return new UsageError(suggestion ? `${message}; did you mean ${suggestion}?` : message);
}
function parseCommand(spec, argv) {
    const specs = allOptions(spec);
    const options = Object.fromEntries(specs.map((option) => [
        option.name,
        {
            type: option.type === 'string' ? 'string' : 'boolean',
            ...(option.short ? { short: option.short } : {}),
            ...(option.multiple ? { multiple: true } : {}),
        },
    ]));
    const { args, switchWords } = normaliseArgv(specs, argv);
    let parsed;
    try {
        parsed = (0,external_node_util_.parseArgs)({ args, options, strict: true, allowPositionals: true, allowNegative: true });
    }
    catch (error) {
        throw usageErrorFrom(error, specs);
    }
    const values = {};
    for (const option of specs) {
        const value = parsed.values[option.name];
        if (value === undefined)
            continue;
        // Switches and repeated flags arrive as action inputs would carry them: "true"/"false", one value per line.
        if (option.type === 'switch')
            values[option.name] = switchWords.get(option.name) ?? String(value);
        else
            values[option.name] = Array.isArray(value) ? value.join('\n') : value;
    }
    // A negated plain flag (`--no-json`) has no meaning here; parseArgs accepts it once allowNegative is on.
    for (const option of specs)
        if (option.type === 'boolean' && values[option.name] === false)
            throw new UsageError(`unknown option '--no-${option.name}'`);
    if (values.help)
        return { values, positionals: parsed.positionals };
    for (const option of spec.options) {
        const value = values[option.name];
        if (option.choices && typeof value === 'string' && !option.choices.includes(value)) {
            throw new UsageError(`--${option.name} must be one of ${option.choices.join(', ')} (got "${value}")`);
        }
    }
    const required = spec.positionals.filter((positional) => positional.required);
    if (parsed.positionals.length < required.length)
        throw new UsageError(`missing <${required[parsed.positionals.length].name}>`);
    const extra = parsed.positionals[spec.positionals.length];
    if (extra !== undefined) {
        throw new UsageError(looksLikePrivateKey(extra) ? `unexpected argument that looks like a private key (not shown); pass keys with --key, --key-data or ${PRIVATE_KEY_ENV}` : `unexpected argument "${shorten(extra)}"`);
    }
    return { values, positionals: parsed.positionals };
}

;// CONCATENATED MODULE: ./src/cli/dispatch.ts


// Inlined by ncc; read from the repository when run from source.






function usageLine(message, command) {
    return `error: ${message} (see "${BIN}${command ? ` ${command}` : ''} --help")\n`;
}
/**
 * Parses, runs and prints one command; the only place exit codes are decided.
 * Everything printed passes through the logger's redaction.
 */
async function execute(command, argv, io) {
    const wantsJson = argv.includes('--json') || argv.includes('-j');
    const verbose = argv.includes('--verbose');
    const logger = terminalLogger(io, verbose);
    // Before anything can echo them: a key pasted in the wrong place would otherwise reach a usage message.
    for (const value of [...argv, io.env[PRIVATE_KEY_ENV] ?? ''])
        if (looksLikePrivateKey(value))
            (0,keys/* maskPrivateKeyText */.ii)(value, logger);
    const print = (text) => io.stdout(logger.redact(text));
    const fail = (code, error, line, extra = {}) => {
        if (wantsJson)
            print(JSON.stringify({ error, message: line, ...extra }, null, 2) + '\n');
        return code;
    };
    try {
        const { values, positionals } = parseCommand(command.spec, argv);
        if (values.help) {
            print(formatHelp(command.spec));
            return 0;
        }
        const result = await command.run({ cwd: io.cwd, env: io.env, logger, values, positionals });
        if (values.json)
            print(JSON.stringify(result.json, null, 2) + '\n');
        else if (result.text.length)
            print(result.text.join('\n') + '\n');
        if (result.error)
            io.stderr(logger.redact(`error: ${result.error}`) + '\n');
        return result.exitCode ?? 0;
    }
    catch (error) {
        if (error instanceof UsageError) {
            io.stderr(logger.redact(usageLine(error.message, command.spec.name)));
            return fail(2, 'usage', error.message);
        }
        const message = (0,errors/* describeError */.Uc)(error);
        io.stderr(logger.redact(`error: ${message}`) + '\n');
        if (!(0,errors/* isBundleError */.VU)(error)) {
            if (verbose && error instanceof Error && error.stack)
                io.stderr(logger.redact(error.stack) + '\n');
            else
                io.stderr('(run again with --verbose for details)\n');
            return fail(1, 'unexpected', message);
        }
        return fail(1, error.code, message, {
            ...(error.input ? { input: error.input } : {}),
            ...(error instanceof verify/* DeviceRejection */._ ? { reason: error.reason } : {}),
        });
    }
}
function generalUsageError(message, io) {
    io.stderr(usageLine(message));
    return 2;
}
const isHelp = (word) => word === '--help' || word === '-h' || word === 'help';
/** argv → command → exit code. */
async function runCli(commands, argv, io) {
    const words = argv[0] === 'bundle' && ['zip', 'encrypt', 'decrypt'].includes(argv[1]) ? argv.slice(1) : argv;
    const [first, second] = words;
    const groupOf = (word) => commands.filter((command) => command.spec.name.startsWith(`${word} `));
    if (first === undefined) {
        io.stderr(generalHelp(commands));
        return 2;
    }
    if (isHelp(first)) {
        const named = commands.find((command) => [second, `${second} ${words[2]}`].includes(command.spec.name));
        const group = groupOf(second);
        io.stdout(named ? formatHelp(named.spec) : group.length ? groupHelp(second, group) : generalHelp(commands));
        return 0;
    }
    if (first === '--version' || first === '-V') {
        io.stdout(`${package_namespaceObject.rE}\n`);
        return 0;
    }
    const twoWords = commands.find((command) => command.spec.name === `${first} ${second}`);
    const command = twoWords ?? commands.find((command) => command.spec.name === first);
    if (command)
        return execute(command, words.slice(twoWords ? 2 : 1), io);
    const group = groupOf(first);
    if (group.length && isHelp(second)) {
        io.stdout(groupHelp(first, group));
        return 0;
    }
    if (group.length) {
        const names = group.map((entry) => entry.spec.name.slice(first.length + 1));
        return generalUsageError(`"${first}" needs a subcommand: ${names.join(' or ')}${second ? ` (got "${second}")` : ''}`, io);
    }
    const known = commands.map((entry) => entry.spec.name).join(', ');
    return generalUsageError(`unknown command "${first}"; commands: ${known}`, io);
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ./src/bundle/key-files.ts





/** The names the official CLI and Capgo's docs use. */
const PRIVATE_KEY_FILE = '.capgo_key_v2';
const PUBLIC_KEY_FILE = '.capgo_key_v2.pub';
/**
 * A fresh pair as `.capgo_key_v2` (0600) and `.capgo_key_v2.pub` (0644).
 * Both files or neither: with one of them already there the official CLI can
 * leave a private key and a public key from different pairs, which signs
 * bundles no app accepts. Both are written under temporary names first, so a
 * failure (disk full, permissions) leaves the directory as it was.
 */
async function createKeyFiles(dir, force) {
    const target = (0,external_node_path_.resolve)(dir);
    const privateKeyPath = (0,external_node_path_.join)(target, PRIVATE_KEY_FILE);
    const publicKeyPath = (0,external_node_path_.join)(target, PUBLIC_KEY_FILE);
    if (!force) {
        const present = [];
        for (const path of [privateKeyPath, publicKeyPath])
            if (await (0,promises_.stat)(path).catch(() => undefined))
                present.push(path);
        if (present.length) {
            throw new errors/* BundleError */.rJ('key_exists', `${present.join(' and ')} already exist${present.length === 1 ? 's' : ''}; apps built with that key could not decrypt bundles signed by a new one. Pass --force to replace both, or --dir to create the new pair elsewhere (key rotation).`, 'force');
        }
    }
    await (0,promises_.mkdir)(target, { recursive: true });
    const { privatePem, publicPem } = (0,keys/* generateKeyPair */.TZ)();
    const suffix = `.${(0,external_node_crypto_.randomUUID)()}.partial`;
    const written = [];
    try {
        for (const [path, pem, mode] of [
            [privateKeyPath, privatePem, 0o600],
            [publicKeyPath, publicPem, 0o644],
        ]) {
            written.push(path + suffix);
            await (0,promises_.writeFile)(path + suffix, pem, { flag: 'wx', mode });
            // The umask may have taken bits off (or a 0077 umask the public key's read bits): set them exactly.
            await (0,promises_.chmod)(path + suffix, mode);
        }
        await (0,promises_.rename)(publicKeyPath + suffix, publicKeyPath);
        written.push(publicKeyPath);
        await (0,promises_.rename)(privateKeyPath + suffix, privateKeyPath);
    }
    catch (error) {
        // Without --force nothing was there before: removing the renamed public key restores "neither".
        await Promise.all(written.filter((path) => !force || path !== publicKeyPath).map((path) => (0,promises_.rm)(path, { force: true })));
        throw error;
    }
    return { privateKeyPath, publicKeyPath, keyId: (0,keys/* keyIdOf */.yg)(publicPem) };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
;// CONCATENATED MODULE: ./src/bundle/config-source.ts
/**
 * Reads a capacitor.config.ts / .js as source text, never executing it: CI
 * must not run code from a build config to learn three strings. Just enough of
 * a tokenizer to follow object literals while skipping comments and strings.
 */
/**
 * Just enough of a JavaScript tokenizer to find property keys, object braces
 * and string literals while skipping comments and the insides of strings.
 * Regular expression literals are not recognised; configs do not use them.
 */
function tokenize(text) {
    const tokens = [];
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        if (/\s/.test(c)) {
            i++;
        }
        else if (text.startsWith('//', i)) {
            const eol = text.indexOf('\n', i);
            i = eol < 0 ? text.length : eol;
        }
        else if (text.startsWith('/*', i)) {
            const close = text.indexOf('*/', i + 2);
            i = close < 0 ? text.length : close + 2;
        }
        else if (c === '"' || c === "'" || c === '`') {
            let j = i + 1;
            let depth = 0;
            while (j < text.length) {
                if (text[j] === '\\') {
                    j += 2;
                }
                else if (c === '`' && text.startsWith('${', j)) {
                    depth++;
                    j += 2;
                }
                else if (c === '`' && depth > 0 && text[j] === '}') {
                    depth--;
                    j++;
                }
                else if (text[j] === c && depth === 0) {
                    break;
                }
                else {
                    j++;
                }
            }
            tokens.push({ kind: c === '`' ? 'template' : 'string', text: text.slice(i, j + 1), start: i, end: j + 1 });
            i = j + 1;
        }
        else if (/[A-Za-z_$]/.test(c)) {
            const word = /^[\w$]+/.exec(text.slice(i))[0];
            tokens.push({ kind: 'word', text: word, start: i, end: i + word.length });
            i += word.length;
        }
        else {
            tokens.push({ kind: 'punct', text: c, start: i, end: i + 1 });
            i++;
        }
    }
    return tokens;
}
function parseSource(text) {
    const tokens = tokenize(text);
    const closing = new Map();
    const stack = [];
    const pairs = { '}': '{', ']': '[', ')': '(' };
    tokens.forEach((token, index) => {
        if (token.kind !== 'punct')
            return;
        if ('{[('.includes(token.text))
            stack.push(index);
        else if (pairs[token.text] && stack.length && tokens[stack[stack.length - 1]].text === pairs[token.text])
            closing.set(stack.pop(), index);
    });
    return { text, tokens, closing };
}
function keyName(token) {
    if (token.kind === 'word')
        return token.text;
    if (token.kind === 'string')
        return token.text.slice(1, -1);
    return undefined;
}
/** Index of the token naming property `name` directly inside the object opened at `open`. */
function propertyIn(source, open, name) {
    const close = source.closing.get(open);
    if (close === undefined)
        return undefined;
    for (let i = open + 1; i < close; i++) {
        const nested = source.closing.get(i);
        if (nested !== undefined) {
            i = nested;
            continue;
        }
        const next = source.tokens[i + 1];
        const previous = source.tokens[i - 1];
        if (keyName(source.tokens[i]) === name && next?.text === ':' && (previous.text === '{' || previous.text === ','))
            return i;
    }
    return undefined;
}
/** The object literal holding appId (or webDir): the config itself, however it is exported. */
function configObject(source) {
    for (const name of ['appId', 'webDir']) {
        for (let i = 0; i < source.tokens.length; i++) {
            if (keyName(source.tokens[i]) !== name || source.tokens[i + 1]?.text !== ':')
                continue;
            for (const [open, close] of source.closing) {
                if (source.tokens[open].text === '{' && open < i && close > i && propertyIn(source, open, name) === i)
                    return open;
            }
        }
    }
    return undefined;
}
/** The `{` of property `name`'s object value inside the object at `open`; undefined when absent or not an object literal. */
function objectValue(source, open, name) {
    if (open === undefined)
        return undefined;
    const key = propertyIn(source, open, name);
    if (key === undefined)
        return undefined;
    return source.tokens[key + 2]?.text === '{' ? key + 2 : undefined;
}
/** The string value at `path` inside the config object (e.g. plugins → CapacitorUpdater → publicKey). */
function readSourceString(text, path) {
    const source = parseSource(text);
    let open = configObject(source);
    for (const name of path.slice(0, -1))
        open = objectValue(source, open, name);
    const key = open === undefined ? undefined : propertyIn(source, open, path[path.length - 1]);
    const value = key === undefined ? undefined : source.tokens[key + 2];
    const end = key === undefined ? undefined : source.tokens[key + 3];
    const plain = value?.kind === 'string' || (value?.kind === 'template' && !value.text.includes('${'));
    if (!value || !plain || (end && end.text !== ',' && end.text !== '}'))
        return undefined;
    return decodeEscapes(value.text.slice(1, -1));
}
function decodeEscapes(raw) {
    return raw.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g, (_, escape) => {
        if (escape.startsWith('u{'))
            return String.fromCodePoint(parseInt(escape.slice(2, -1), 16));
        if (escape[0] === 'u' && escape.length === 5)
            return String.fromCharCode(parseInt(escape.slice(1), 16));
        if (escape[0] === 'x' && escape.length === 3)
            return String.fromCharCode(parseInt(escape.slice(1), 16));
        const simple = { n: '\n', r: '\r', t: '\t', '0': '\0', '\n': '' };
        return simple[escape] ?? escape;
    });
}

;// CONCATENATED MODULE: ./src/bundle/capacitor-config.ts




const CONFIG_FILE_NAMES = ['capacitor.config.json', 'capacitor.config.ts', 'capacitor.config.js'];
async function findCapacitorConfig(dir) {
    for (const name of CONFIG_FILE_NAMES) {
        const path = (0,external_node_path_.join)(dir, name);
        if (await exists(path))
            return path;
    }
    return undefined;
}
async function exists(path) {
    return (0,promises_.access)(path).then(() => true, () => false);
}
/** Reads appId, webDir and the updater public key; a .ts or .js config is read as source, never run. */
async function readCapacitorConfig(path, input = 'capacitor-config') {
    const text = await (0,promises_.readFile)(path, 'utf8').catch(() => {
        throw new errors/* BundleError */.rJ('config_missing', `${input}: ${path} cannot be read.`, input);
    });
    if (path.endsWith('.json')) {
        let json;
        try {
            json = JSON.parse(text);
        }
        catch (error) {
            throw new errors/* BundleError */.rJ('config_invalid', `${input}: ${path} is not valid JSON (${error.message}).`, input);
        }
        return {
            path,
            appId: stringOrUndefined(json.appId),
            webDir: stringOrUndefined(json.webDir),
            publicKey: stringOrUndefined(json.plugins?.CapacitorUpdater?.publicKey),
        };
    }
    return {
        path,
        appId: stringOrUndefined(readSourceString(text, ['appId'])),
        webDir: stringOrUndefined(readSourceString(text, ['webDir'])),
        publicKey: stringOrUndefined(readSourceString(text, ['plugins', 'CapacitorUpdater', 'publicKey'])),
    };
}
function stringOrUndefined(value) {
    return typeof value === 'string' && value !== '' ? value : undefined;
}
/** The build directory the config names, relative to the config's own folder. */
function webDirOf(config) {
    return config.webDir ? (0,external_node_path_.resolve)((0,external_node_path_.dirname)(config.path), config.webDir) : undefined;
}

;// CONCATENATED MODULE: ./src/cli/key-lookup.ts








/** Where a terminal looks for keys, in order; one place so every command (and `run`) agrees. */
const PRIVATE_KEY_LOOKUP = `--key, --key-data, ${PRIVATE_KEY_ENV} and ./${PRIVATE_KEY_FILE}`;
async function readKeyFile(path, flag) {
    return (0,promises_.readFile)(path, 'utf8').catch(() => {
        throw new errors/* BundleError */.rJ('key_file_missing', `${flag}: ${path} cannot be read.`, flag.replace(/^--/, ''));
    });
}
/** A key given explicitly: --key-data, --key, or the environment variable `envName`, in that order. */
async function explicitKey(context, envName) {
    const data = str(context, 'key-data');
    const path = str(context, 'key');
    if (data && path)
        throw new UsageError('--key and --key-data are both set; keep one');
    if (data)
        return { text: data, source: '--key-data' };
    if (path)
        return { text: await readKeyFile((0,external_node_path_.resolve)(context.cwd, path), '--key'), source: path, path: (0,external_node_path_.resolve)(context.cwd, path) };
    if (context.env[envName]?.trim())
        return { text: context.env[envName], source: envName };
    return undefined;
}
/**
 * The terminal's fallbacks for a private key not given by flag: CAPGO_PRIVATE_KEY, then
 * ./.capgo_key_v2. Returned as the action input that carries it, so `run` passes a file
 * as private-key-path (the walk then knows the signing key's own file) rather than as text.
 */
function defaultPrivateKey(context) {
    if (context.env[PRIVATE_KEY_ENV]?.trim())
        return { 'private-key': context.env[PRIVATE_KEY_ENV] };
    if ((0,external_node_fs_.existsSync)((0,external_node_path_.resolve)(context.cwd, PRIVATE_KEY_FILE)))
        return { 'private-key-path': PRIVATE_KEY_FILE };
    return undefined;
}
/**
 * The private key from, in order: --key-data, --key, CAPGO_PRIVATE_KEY, then
 * ./.capgo_key_v2. Masked as soon as it is read.
 */
async function privateKeyFrom(context) {
    let key = await explicitKey(context, PRIVATE_KEY_ENV);
    if (!key) {
        // explicitKey has already read the environment variable, so what is left here is the file.
        const fallback = defaultPrivateKey(context);
        if (fallback && 'private-key-path' in fallback) {
            const path = (0,external_node_path_.resolve)(context.cwd, fallback['private-key-path']);
            key = { text: await readKeyFile(path, '--key'), source: PRIVATE_KEY_FILE, path };
        }
    }
    if (key)
        (0,keys/* maskPrivateKeyText */.ii)(key.text, context.logger);
    return key;
}
/**
 * A public key from --key-data, --key or CAPGO_PUBLIC_KEY, else the
 * fallbacks in the order given: ./.capgo_key_v2.pub, or the key the app's
 * capacitor config carries. A private key given here is refused unprinted.
 */
async function publicKeyFrom(context, fallbacks) {
    let key = await explicitKey(context, PUBLIC_KEY_ENV);
    for (const fallback of key ? [] : fallbacks) {
        if (fallback === 'file') {
            const file = (0,external_node_path_.resolve)(context.cwd, PUBLIC_KEY_FILE);
            if ((0,external_node_fs_.existsSync)(file))
                key = { text: await readKeyFile(file, '--key'), source: PUBLIC_KEY_FILE, path: file };
        }
        else {
            const configPath = str(context, 'config') ?? (await findCapacitorConfig(context.cwd));
            const config = configPath ? await readCapacitorConfig((0,external_node_path_.resolve)(context.cwd, configPath), 'config') : undefined;
            if (config?.publicKey)
                key = { text: config.publicKey, source: `plugins.CapacitorUpdater.publicKey in ${config.path}` };
        }
        if (key)
            break;
    }
    if (key && /PRIVATE KEY-----/.test(key.text)) {
        (0,keys/* maskPrivateKeyText */.ii)(key.text, context.logger);
        throw new errors/* BundleError */.rJ('key_is_private', `${key.source} is a private key; this needs the public key the app carries (${PUBLIC_KEY_FILE}).`, 'key');
    }
    return key;
}

;// CONCATENATED MODULE: ./src/cli/commands/decrypt.ts








const PUBLIC_KEY_OPTIONS = [
    { name: 'key', type: 'string', value: 'path', description: `Public key file (${PUBLIC_KEY_FILE}).` },
    { name: 'key-data', type: 'string', value: 'pem', description: 'Public key PEM text.' },
    { name: 'config', type: 'string', value: 'path', description: 'Capacitor config whose public key to use when no key is given.' },
];
/** The encrypted file and the public key, or the error a person can act on. */
async function bundleAndKey(context, fallbacks) {
    const file = (0,external_node_path_.resolve)(context.cwd, context.positionals[0]);
    if (!(await (0,promises_.stat)(file).catch(() => undefined))?.isFile())
        throw new errors/* BundleError */.rJ('bundle_missing', `${context.positionals[0]} is not a file; give the encrypted zip.`, 'file');
    const key = await publicKeyFrom(context, fallbacks);
    if (!key)
        throw new UsageError(`no public key: pass --key PATH or --key-data PEM, set ${PUBLIC_KEY_ENV}, or run where ${PUBLIC_KEY_FILE} or a capacitor config with publicKey is`);
    return { file, key, keyId: (0,keys/* keyIdOf */.yg)((0,keys/* parsePublicKey */.ee)(key.text, key.source, 'key').pkcs1Pem) };
}
const decrypt = {
    spec: {
        brief: 'Decrypt a bundle with the public key, checking the signed checksum',
        name: 'decrypt',
        summary: 'Decrypt an encrypted bundle with the public key, as a device does, to <file>_decrypted.zip; with --checksum the signed checksum (V3 or V2) is checked first and nothing is written when it fails.',
        usage: `${BIN} decrypt <file> <ivSessionKey> [--key pub | --key-data pem] [--checksum signed] [--json]`,
        positionals: [
            { name: 'file', required: true, description: 'The encrypted zip.' },
            { name: 'ivSessionKey', required: true, description: 'base64(IV):base64(session key), from "encrypt".' },
        ],
        options: [
            ...PUBLIC_KEY_OPTIONS,
            { name: 'checksum', type: 'string', value: 'signed', description: 'The signed checksum to check (V3 hex or V2 base64).' },
            { name: 'package-json', type: 'string', value: 'paths', description: 'Accepted for compatibility: the checksum format is read from the checksum itself.' },
        ],
        details: `The public key comes from --key-data, --key, ${PUBLIC_KEY_ENV}, ./${PUBLIC_KEY_FILE}, then the capacitor config.
Use "${BIN} verify" to check a bundle without writing anything.`,
    },
    async run(context) {
        const { file, key, keyId } = await bundleAndKey(context, ['file', 'config']);
        const checksum = str(context, 'checksum');
        const filename = `${context.positionals[0]}_decrypted.zip`;
        const result = await (0,verify/* verifyBundle */.I)({ file, ivSessionKey: context.positionals[1], checksum, publicKey: key.text, writeTo: (0,external_node_path_.resolve)(context.cwd, filename) });
        context.logger.info(`Decrypted with ${key.source} (key id ${keyId})`);
        return {
            json: { filename, checksum: result.sha256, checksumMatches: checksum === undefined ? null : true, checksumFormat: result.checksumFormat ?? null, keyId },
            text: [
                filename,
                `SHA-256: ${result.sha256}`,
                checksum === undefined ? 'No --checksum given: integrity not checked.' : `Checksum matches (${result.checksumFormat?.toUpperCase()}).`,
            ],
        };
    },
};

;// CONCATENATED MODULE: ./src/bundle/fs-errors.ts

/** Zip bytes beyond the file contents, per entry: local header, central header, name twice, data descriptor. */
const ENTRY_OVERHEAD = 30 + 46 + 16;
/**
 * Raw system errors of a pack, as one line naming what to change: a build
 * file removed while it was packed (ENOENT), a full disk (ENOSPC: where, and
 * how many bytes the bundle needs). Anything else is passed on unchanged.
 */
function packFailure(error, files, outputDir, written) {
    if (!(error instanceof Error) || error instanceof errors/* BundleError */.rJ)
        return error;
    const { code, path } = error;
    if (code === 'ENOENT' && path) {
        const file = files.find((entry) => entry.source === path);
        if (file) {
            return new errors/* BundleError */.rJ('build_changed', `path: ${file.name} disappeared while the bundle was being made; run again once the build has finished writing.`, 'path');
        }
    }
    if (code === 'ENOSPC' || code === 'EDQUOT') {
        const needed = files.reduce((sum, file) => sum + file.size + ENTRY_OVERHEAD + 2 * Buffer.byteLength(file.name), 22 + 16);
        const after = written === undefined ? '' : ` after ${written} bytes`;
        return new errors/* BundleError */.rJ('disk_full', `output-dir: the disk holding ${outputDir} is full (${code})${after}; the bundle needs up to ${needed} bytes there. Free space or choose another output-dir.`, 'output-dir');
    }
    return error;
}

;// CONCATENATED MODULE: ./src/bundle/exclude.ts

function excluder(patterns, input = 'exclude') {
    const expressions = patterns.map((line) => line.trim()).filter(Boolean).map((pattern) => toRegExp(pattern, input));
    if (expressions.length === 0)
        return () => false;
    return (name) => expressions.some((expression) => expression.test(name));
}
function toRegExp(given, input) {
    if (given.startsWith('!'))
        throw new errors/* BundleError */.rJ('input_invalid', `${input}: "${given}" starts with !; negation is not supported, list only what to leave out.`, input);
    const pattern = given.replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
    const segments = pattern.split('/');
    if (pattern === '' || segments.some((segment) => segment === '..' || segment === '.' || segment === '')) {
        throw new errors/* BundleError */.rJ('input_invalid', `${input}: "${given}" is not a path inside the build folder (patterns are relative to path).`, input);
    }
    let source = '';
    segments.forEach((segment, i) => {
        const last = i === segments.length - 1;
        if (segment === '**') {
            // a/** also names a itself; **/x also x at the top; a/**/x also a/x.
            if (last)
                source += i === 0 ? '.*' : '(?:/.*)?';
            else
                source += i === 0 ? '(?:.*/)?' : '(?:/.*)?/';
            return;
        }
        if (i > 0 && segments[i - 1] !== '**')
            source += '/';
        source += segment.replace(/\*+|\?|[.+^${}()|[\]\\]/g, (match) => (match[0] === '*' ? '[^/]*' : match === '?' ? '[^/]' : `\\${match}`));
    });
    return new RegExp(`^${source}$`);
}

;// CONCATENATED MODULE: ./src/bundle/secrets.ts

/**
 * What must never ship in a bundle every device (and anyone holding the app)
 * can download and decrypt: private keys, the checkout token in .git/config,
 * environment files and registry credentials.
 */
const NEEDLE = Buffer.from('PRIVATE KEY-----');
/** `-----BEGIN ENCRYPTED PRIVATE KEY` is the longest label in use; anything between BEGIN and the needle fits here. */
const LOOKBEHIND = 48;
const BEGIN_LINE = /-----BEGIN [A-Z0-9 ]*$/;
/**
 * What follows a real key's header: a line break (raw, or escaped as in a JS
 * or JSON string), then the base64 body or the legacy Proc-Type header. A
 * library that only looks for the header ("...PRIVATE KEY-----")) is no key.
 */
const LOOKAHEAD = 40;
const BODY_START = /^(?:\s|\\r|\\n)+(?:Proc-Type:|[A-Za-z0-9+/=]{16})/;
/** Why a name is a secret by itself, whatever it holds ("is …"); undefined when the name is fine. */
function secretName(base) {
    if (base === '.git')
        return 'is a git directory (its config holds the checkout token)';
    if (base === '.env' || base.startsWith('.env.'))
        return 'is an environment file';
    if (base === '.npmrc')
        return 'is an npm configuration file (it may hold a registry token)';
    return undefined;
}
function secretInBuild(name, what, input = 'path') {
    return new errors/* BundleError */.rJ('secret_in_build', `${input}: ${name} ${what} and would ship to every device; move it out of the build folder (or point ${input} at the build output), or add ${name} to exclude.`, input);
}
/**
 * True when `data` holds `-----BEGIN … PRIVATE KEY-----` (any kind: RSA, EC,
 * OPENSSH, ENCRYPTED, PKCS#8) followed by a key body. A header whose body is
 * not in `data` yet is not reported; the streaming check sees it again with
 * the bytes that follow.
 */
function holdsPrivateKey(data) {
    for (let at = data.indexOf(NEEDLE); at >= 0; at = data.indexOf(NEEDLE, at + 1)) {
        const end = at + NEEDLE.length;
        if (BEGIN_LINE.test(data.toString('latin1', Math.max(0, at - LOOKBEHIND), at)) && BODY_START.test(data.toString('latin1', end, end + LOOKAHEAD)))
            return true;
    }
    return false;
}
/** Enough of the previous chunk to see a header and the start of its body across a chunk seam. */
const CARRY = LOOKBEHIND + NEEDLE.length + LOOKAHEAD;
/**
 * A check fed with a file's bytes in order, as the pack reads them: it throws
 * `secret_in_build` before the chunk where a key's body starts is passed on, so
 * at most the header and under 16 characters of the body's first line (when a
 * chunk seam cuts there) reach deflate, and then only the temporary file,
 * which is deleted. Costs one indexOf per chunk plus about a hundred bytes of
 * carry across chunk seams.
 */
function privateKeyCheck(name, input = 'path') {
    let carry;
    return (chunk) => {
        const seam = carry ? Buffer.concat([carry, chunk.subarray(0, CARRY)]) : undefined;
        if (holdsPrivateKey(chunk) || (seam && holdsPrivateKey(seam)))
            throw secretInBuild(name, 'holds a PEM private key', input);
        // A copy: readers may reuse their buffers.
        carry = Buffer.from(chunk.length >= CARRY ? chunk.subarray(chunk.length - CARRY) : Buffer.concat([carry ?? Buffer.alloc(0), chunk]).subarray(-CARRY));
    };
}

;// CONCATENATED MODULE: ./src/bundle/walk.ts





/** A zip without ZIP64 holds at most this many entries. */
const MAX_ZIP_ENTRIES = 0xffff;
/** Sizes are 32-bit in a zip without ZIP64, and 0xffffffff itself tells readers to look for ZIP64 fields. */
const MAX_FILE_BYTES = 0xfffffffe;
/** `target` is `root` or below it; also right when root is `/`. */
function isInside(root, target) {
    return target === root || target.startsWith(root.endsWith(external_node_path_.sep) ? root : root + external_node_path_.sep);
}
/**
 * Every file of the build, sorted by zip name so directory order never shows.
 * Linear in the tree: each real directory is entered once, and a directory
 * reached a second time (through a link) is refused, naming both ways in.
 * Refused while walking, before anything is read or written: names that are
 * secrets (.git, .env, .npmrc, the signing key's file), links out of the
 * build, names devices cannot store (invalid UTF-8, two names equal after NFC
 * or ignoring case), FIFOs, sockets and devices, files over 4 GiB, and more
 * entries than a zip holds. File contents are checked as the pack reads them
 * (secrets.ts), so nothing is read twice.
 */
async function walkBuild(buildDir, options = {}) {
    const input = options.input ?? 'path';
    const maxEntries = options.maxEntries ?? MAX_ZIP_ENTRIES;
    const excluded = excluder(options.exclude ?? []);
    const root = await (0,promises_.realpath)(buildDir);
    if (root === (0,external_node_path_.parse)(root).root)
        throw new errors/* BundleError */.rJ('build_is_root', `${input}: ${root} is the root of the file system, not a build folder; point ${input} at your web build output.`, input);
    const keyFiles = new Set(await Promise.all((options.keyFiles ?? []).map((file) => (0,promises_.realpath)(file).catch(() => (0,external_node_path_.resolve)(file)))));
    /** Real path of each directory entered → the name it is packed under, and whether a link led there. */
    const entered = new Map([[root, { name: '', viaLink: false }]]);
    /** NFC + lower case → the name that claimed it; folders only clash with files (iOS merges same-named folders). */
    const claimed = new Map();
    const files = [];
    const refuse = (code, message) => new errors/* BundleError */.rJ(code, `${input}: ${message}`, input);
    function claim(name, folder) {
        const key = name.normalize('NFC').toLowerCase();
        const other = claimed.get(key);
        if (other === undefined) {
            claimed.set(key, { name, folder });
            return;
        }
        if (other.folder && folder)
            return;
        const how = other.name.normalize('NFC') === name.normalize('NFC') ? 'are the same name after Unicode normalisation (NFC)' : 'differ only in letter case';
        throw refuse('name_collision', `${other.name} and ${name} ${how}: devices store them as one (iOS file systems ignore case and normalisation), so one would replace the other. Rename one.`);
    }
    async function walk(dir, prefix) {
        const names = (await (0,promises_.readdir)(dir)).sort();
        if (names.some((base) => base.includes('\uFFFD')))
            await checkUtf8(dir, prefix);
        const kept = names.map((base) => ({ base, name: prefix ? `${prefix}/${base}` : base })).filter(({ name }) => !excluded(name));
        const infos = await Promise.all(kept.map(({ base }) => (0,promises_.lstat)((0,external_node_path_.join)(dir, base)).catch((error) => error)));
        for (let i = 0; i < kept.length; i++) {
            const { base, name } = kept[i];
            const secret = secretName(base);
            if (secret)
                throw secretInBuild(name, secret, input);
            let source = (0,external_node_path_.join)(dir, base);
            let info = infos[i];
            if (info instanceof Error)
                throw vanished(name, info);
            const viaLink = info.isSymbolicLink();
            if (viaLink) {
                const target = await (0,promises_.realpath)(source).catch(() => undefined);
                if (!target || !isInside(root, target)) {
                    throw refuse('symlink_escape', `${name} is a symbolic link that leaves the build directory (or is broken); replace it with the file itself.`);
                }
                source = target;
                info = await (0,promises_.stat)(target).catch((error) => error);
                if (info instanceof Error)
                    throw vanished(name, info);
            }
            if (info.isDirectory()) {
                const before = entered.get(source);
                if (before !== undefined)
                    throw directoryTwice(before, name, viaLink);
                entered.set(source, { name, viaLink });
                claim(name, true);
                await walk(source, name);
            }
            else if (info.isFile()) {
                if (keyFiles.has(source))
                    throw secretInBuild(name, 'is the signing key file', input);
                if (info.size > MAX_FILE_BYTES) {
                    throw refuse('zip_too_large', `${name} is ${info.size} bytes; a bundle file may be at most ${MAX_FILE_BYTES} bytes (4 GiB, the zip limit devices read). Add ${name} to exclude to leave it out.`);
                }
                if (files.length >= maxEntries) {
                    throw refuse('zip_too_large', `more than ${maxEntries} files (reached at ${name}): a zip without ZIP64, as devices read, holds at most ${maxEntries} entries.`);
                }
                claim(name, false);
                files.push({ name, source, size: info.size });
            }
            else {
                throw refuse('special_file', `${name} is ${kindOf(info)}, not a file; devices cannot unpack it. Remove it, or add ${name} to exclude.`);
            }
        }
    }
    function directoryTwice(first, name, viaLink) {
        const before = first.name;
        if (before === '' || name.startsWith(`${before}/`)) {
            return refuse('symlink_loop', `${name} is a symbolic link back into ${before === '' ? 'the build directory itself' : `its own parent ${before}`}; remove the link, or add ${name} to exclude.`);
        }
        const link = viaLink || !first.viaLink ? name : before;
        return refuse('directory_twice', `${name} and ${before} are the same directory (reached through a symbolic link); the bundle would hold it twice. Remove the link ${link}, or add ${link} to exclude.`);
    }
    function vanished(name, error) {
        return refuse('build_changed', `${name} disappeared while the build was read (${error.code ?? error.message}); run again once the build has finished writing.`);
    }
    /** readdir decodes invalid UTF-8 as U+FFFD; the raw bytes tell a real U+FFFD from a broken name. */
    async function checkUtf8(dir, prefix) {
        const decoder = new TextDecoder('utf-8', { fatal: true });
        for (const raw of await (0,promises_.readdir)(dir, { encoding: 'buffer' })) {
            try {
                decoder.decode(raw);
            }
            catch {
                const shown = (prefix ? `${prefix}/` : '') + raw.toString('utf8');
                throw refuse('name_not_utf8', `${shown} has a name that is not valid UTF-8 (shown with �); devices cannot store it. Rename it.`);
            }
        }
    }
    await walk(root, '');
    return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
function kindOf(info) {
    if (info.isFIFO())
        return 'a named pipe (FIFO)';
    if (info.isSocket())
        return 'a socket';
    if (info.isCharacterDevice() || info.isBlockDevice())
        return 'a device';
    return 'not a regular file';
}

;// CONCATENATED MODULE: ./src/bundle/build.ts





const NOTIFY_APP_READY = 'notifyAppReady';
const SCRIPT_FILE = /\.(m|c)?js$/i;
const PARALLEL_SCANS = 8;
/**
 * The checks that must pass before any work: a bundle without index.html at
 * its root, or one that never calls notifyAppReady, installs and is then
 * rolled back on every device.
 */
async function checkBuild(buildDir, requireNotifyAppReady, logger, walk = {}) {
    const info = await (0,promises_.stat)(buildDir).catch(() => undefined);
    if (!info)
        throw new errors/* BundleError */.rJ('build_missing', `path: build directory ${buildDir} does not exist; run your web build first or set path.`, 'path');
    if (!info.isDirectory())
        throw new errors/* BundleError */.rJ('build_not_directory', `path: ${buildDir} is a file, not a build directory.`, 'path');
    const files = await walkBuild(buildDir, walk);
    if (files.length === 0)
        throw new errors/* BundleError */.rJ('build_empty', `path: build directory ${buildDir} is empty; run your web build first.`, 'path');
    if (!files.some((file) => file.name === 'index.html')) {
        throw new errors/* BundleError */.rJ('index_missing', `path: ${buildDir} has no index.html at its root; point path at the build output folder itself (devices load index.html from the bundle root).`, 'path');
    }
    const calls = await callsNotifyAppReady(files).catch((error) => {
        throw packFailure(error, files, buildDir);
    });
    if (!calls) {
        const message = 'no .js file in the build calls notifyAppReady(): devices would install this bundle, wait for the call, and roll back to the previous bundle. Call CapacitorUpdater.notifyAppReady() at app start.';
        if (requireNotifyAppReady)
            throw new errors/* BundleError */.rJ('notify_app_ready_missing', `${message} (set require-notify-app-ready: false to only warn)`, 'require-notify-app-ready');
        logger.warning(message);
    }
    return { files, totalBytes: files.reduce((sum, file) => sum + file.size, 0) };
}
/**
 * Largest scripts first, a few at a time: the call usually sits in the main
 * chunk, which is among the largest, so most builds are answered by the first
 * reads instead of a pass over every script.
 */
async function callsNotifyAppReady(files) {
    const scripts = files.filter((file) => SCRIPT_FILE.test(file.name)).sort((a, b) => b.size - a.size);
    for (let i = 0; i < scripts.length; i += PARALLEL_SCANS) {
        const batch = scripts.slice(i, i + PARALLEL_SCANS);
        const found = await Promise.all(batch.map((file) => fileContains(file.source, NOTIFY_APP_READY)));
        if (found.includes(true))
            return true;
    }
    return false;
}
/** Streams the file, keeping a small overlap so a match split across chunks is still found. */
async function fileContains(path, needle) {
    let tail = '';
    for await (const chunk of (0,external_node_fs_.createReadStream)(path, { encoding: 'latin1', highWaterMark: 256 * 1024 })) {
        const text = tail + chunk;
        if (text.includes(needle))
            return true;
        tail = text.slice(-(needle.length - 1));
    }
    return false;
}

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __nccwpck_require__(2088);
var semver_default = /*#__PURE__*/__nccwpck_require__.n(semver);
;// CONCATENATED MODULE: ./src/bundle/checksum-format.ts




const UPDATER = '@capgo/capacitor-updater';
/** First release of each major line that checks V3 checksums; every 8.x does. */
const FIRST_V3 = { 5: '5.30.0', 6: '6.30.0', 7: '7.30.0' };
function formatForUpdater(version) {
    const major = semver_default().major(version);
    if (major >= 8)
        return 'v3';
    const first = FIRST_V3[major];
    return first && semver_default().gte(version, first) ? 'v3' : 'v2';
}
/** Installed version first (what will be in the native build), else the lowest the package.json range allows. */
async function findUpdaterVersion(projectDirs) {
    for (const dir of projectDirs) {
        const installed = await readJson((0,external_node_path_.join)(dir, 'node_modules', UPDATER, 'package.json'));
        const version = typeof installed?.version === 'string' ? semver_default().valid(installed.version) : null;
        if (version)
            return { version, source: `installed ${UPDATER} ${version}` };
    }
    for (const dir of projectDirs) {
        const manifest = await readJson((0,external_node_path_.join)(dir, 'package.json'));
        const deps = { ...manifest?.devDependencies, ...manifest?.dependencies };
        const range = deps[UPDATER];
        if (typeof range !== 'string')
            continue;
        const lowest = semver_default().validRange(range) ? semver_default().minVersion(range) : null;
        if (lowest)
            return { version: lowest.version, source: `${UPDATER} "${range}" in ${(0,external_node_path_.join)(dir, 'package.json')} (lowest allowed ${lowest.version})` };
    }
    return undefined;
}
async function readJson(path) {
    try {
        return JSON.parse(await (0,promises_.readFile)(path, 'utf8'));
    }
    catch {
        return undefined;
    }
}
/**
 * Picks the checksum encoding. Unlike the official CLI, an unknown plugin
 * version means V3: falling back to V2 makes every 8.x device reject the bundle.
 */
async function chooseChecksumFormat(requested, projectDirs, logger) {
    if (!['auto', 'v2', 'v3'].includes(requested)) {
        throw new errors/* BundleError */.rJ('checksum_format_invalid', `checksum-format must be auto, v3 or v2 (got "${requested}").`, 'checksum-format');
    }
    const found = await findUpdaterVersion(projectDirs);
    const detected = found ? formatForUpdater(found.version) : undefined;
    if (requested === 'auto') {
        if (!found || !detected) {
            logger.warning(`checksum-format: no ${UPDATER} found in node_modules or package.json; using V3, which every 8.x plugin needs. Set checksum-format: v2 for fleets on plugins older than x.30.0.`);
            return { format: 'v3', reason: `no ${UPDATER} found: V3 by default` };
        }
        return { format: detected, reason: `${found.source} checks ${detected.toUpperCase()} checksums`, updaterVersion: found.version };
    }
    const format = requested;
    if (found && detected !== format) {
        logger.warning(`checksum-format: ${format} contradicts ${found.source}, which checks ${detected?.toUpperCase()} checksums; devices on that plugin will reject this bundle. Keeping ${format} as asked.`);
    }
    return { format, reason: `checksum-format: ${format} set explicitly`, updaterVersion: found?.version };
}

;// CONCATENATED MODULE: ./src/bundle/config-edit.ts





/**
 * Refuses what devices cannot use, before it reaches an app: an SPKI key makes
 * Android skip decryption silently (the update then dies with checksum_fail),
 * and iOS only handles 2048-bit keys. `source` names the key for messages.
 */
function checkAppPublicKey(text, source) {
    if (/-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/.test(text)) {
        throw new errors/* BundleError */.rJ('key_is_private', `${source} is a private key. The app carries the public key (.capgo_key_v2.pub); the private key must never ship in an app.`, 'key');
    }
    const info = (0,keys/* parsePublicKey */.ee)(text, source, 'key');
    if (info.form !== 'pkcs1') {
        throw new errors/* BundleError */.rJ('key_not_pkcs1', `${source} is an SPKI key ("BEGIN PUBLIC KEY"), not PKCS#1 ("BEGIN RSA PUBLIC KEY"): Android skips decryption with it silently and the update then fails its checksum. Convert it with "openssl rsa -pubin -in KEY -RSAPublicKey_out", or use the .capgo_key_v2.pub written by "key create".`, 'key');
    }
    const bits = info.key.asymmetricKeyDetails?.modulusLength;
    if (info.key.asymmetricKeyType !== 'rsa' || bits !== keys/* REQUIRED_MODULUS_BITS */.Jj) {
        throw new errors/* BundleError */.rJ('key_size', `${source} is a ${bits}-bit key; iOS only decrypts with RSA-2048. Create a pair with "capgo-bundle key create".`, 'key');
    }
    return info;
}
/**
 * Writes plugins.CapacitorUpdater.publicKey. JSON keeps its key order and
 * indentation; a .ts/.js config is edited in place, so its comments, imports
 * and layout survive (the official CLI regenerates the file and loses them).
 * The result is read back before it is written: a file this cannot edit
 * safely is left untouched, with a message saying what to do by hand.
 */
async function savePublicKey(configPath, publicKeyText, options = {}) {
    const info = checkAppPublicKey(publicKeyText, options.source ?? 'the public key');
    const before = await readCapacitorConfig(configPath, 'config');
    const previous = before.publicKey ? tryKeyId(before.publicKey) : undefined;
    if (before.publicKey === info.pkcs1Pem)
        return { configPath, keyId: info.keyId, previousKeyId: previous, changed: false };
    // Same key written in another form (SPKI, spaces): rewriting it is a repair, not a rotation.
    const sameKey = before.publicKey !== undefined && tryPkcs1(before.publicKey) === info.pkcs1Pem;
    if (before.publicKey && !sameKey && !options.force) {
        throw new errors/* BundleError */.rJ('key_in_config', `${configPath} already carries another public key (key id ${previous ?? 'unreadable'}); replacing it with key id ${info.keyId} means apps built from now on reject bundles signed with the old private key. Pass --force to replace it (key rotation).`, 'force');
    }
    const text = await (0,promises_.readFile)(configPath, 'utf8');
    const edited = configPath.endsWith('.json') ? editJson(text, info.pkcs1Pem, configPath) : editSource(text, info.pkcs1Pem, configPath);
    const check = configPath.endsWith('.json') ? JSON.parse(edited).plugins?.CapacitorUpdater?.publicKey : readSourceString(edited, ['plugins', 'CapacitorUpdater', 'publicKey']);
    if (check !== info.pkcs1Pem) {
        throw new errors/* BundleError */.rJ('config_not_editable', `${configPath}: could not place the key safely; set plugins.CapacitorUpdater.publicKey by hand to the contents of the .pub file.`, 'config');
    }
    await (0,promises_.writeFile)(configPath, edited);
    return { configPath, keyId: info.keyId, previousKeyId: previous, changed: true };
}
function tryKeyId(text) {
    try {
        return (0,keys/* parsePublicKey */.ee)(text, 'config').keyId;
    }
    catch {
        return undefined;
    }
}
function tryPkcs1(text) {
    try {
        return (0,keys/* parsePublicKey */.ee)(text, 'config').pkcs1Pem;
    }
    catch {
        return undefined;
    }
}
function editJson(text, pem, path) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        throw new errors/* BundleError */.rJ('config_invalid', `${path} is not valid JSON (${error.message}).`, 'config');
    }
    const plugins = objectAt(json, 'plugins', path);
    const updater = objectAt(plugins, 'CapacitorUpdater', path);
    updater.publicKey = pem;
    const indent = /^\{\s*\n([ \t]+)"/.exec(text)?.[1] ?? (text.includes('\n') ? '  ' : '');
    return JSON.stringify(json, null, indent) + (text.endsWith('\n') ? '\n' : '');
}
function objectAt(parent, name, path) {
    const value = parent[name] ?? (parent[name] = {});
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new errors/* BundleError */.rJ('config_not_editable', `${path}: ${name} is not an object; fix it before saving the key.`, 'config');
    }
    return value;
}
function lineIndent(text, position) {
    const lineStart = text.lastIndexOf('\n', position - 1) + 1;
    return /^[ \t]*/.exec(text.slice(lineStart))[0];
}
function editSource(text, pem, path) {
    const source = parseSource(text);
    const refuse = (why) => {
        throw new errors/* BundleError */.rJ('config_not_editable', `${path}: ${why}; set plugins.CapacitorUpdater.publicKey by hand to the contents of the .pub file.`, 'config');
    };
    const root = configObject(source) ?? refuse('no object literal with appId or webDir was found');
    // Follow the file's quote style; a PEM holds no quotes or backslashes, only newlines to escape.
    const appIdToken = source.tokens[(propertyIn(source, root, 'appId') ?? -3) + 2];
    const quote = appIdToken?.kind === 'string' ? appIdToken.text[0] : "'";
    const literal = quote + JSON.stringify(pem).slice(1, -1) + quote;
    const rootIndent = lineIndent(text, source.tokens[root].start);
    const firstInner = source.tokens[root + 1];
    const unit = firstInner && text.slice(source.tokens[root].end, firstInner.start).includes('\n') ? lineIndent(text, firstInner.start).slice(rootIndent.length) || '  ' : '  ';
    const chain = [[root, 'plugins']];
    let open = root;
    for (const name of ['plugins', 'CapacitorUpdater']) {
        const key = propertyIn(source, open, name);
        if (key === undefined)
            break;
        if (source.tokens[key + 2]?.text !== '{')
            refuse(`${name} is not written as an object literal`);
        open = key + 2;
        chain.push([open, name === 'plugins' ? 'CapacitorUpdater' : 'publicKey']);
    }
    const [target, missing] = chain[chain.length - 1];
    if (missing === 'publicKey') {
        const key = propertyIn(source, target, 'publicKey');
        if (key !== undefined) {
            const value = source.tokens[key + 2];
            const end = source.tokens[key + 3];
            const plain = value?.kind === 'string' || (value?.kind === 'template' && !value.text.includes('${'));
            if (!plain || (end?.text !== ',' && end?.text !== '}'))
                refuse('publicKey is not a plain string literal');
            return text.slice(0, value.start) + literal + text.slice(value.end);
        }
    }
    // Build the missing part of plugins.CapacitorUpdater.publicKey and insert it as the object's first property.
    const names = ['plugins', 'CapacitorUpdater', 'publicKey'];
    const rest = names.slice(names.indexOf(missing));
    const objectIndent = lineIndent(text, source.tokens[target].start);
    const build = (index, indent) => {
        if (index === rest.length - 1)
            return `${rest[index]}: ${literal}`;
        return `${rest[index]}: {\n${indent}${unit}${build(index + 1, indent + unit)},\n${indent}}`;
    };
    const childIndent = objectIndent + unit;
    const property = build(0, childIndent);
    const openToken = source.tokens[target];
    const after = source.tokens[target + 1];
    if (after.text === '}') {
        return `${text.slice(0, openToken.end)}\n${childIndent}${property},\n${objectIndent}${text.slice(after.start)}`;
    }
    const between = text.slice(openToken.end, after.start);
    if (!between.includes('\n'))
        return `${text.slice(0, openToken.end)} ${property},${text.slice(openToken.end)}`;
    // Below a trailing comment on the brace's line, so the comment stays where it was.
    const lineEnd = between.includes('/*') ? openToken.end : text.indexOf('\n', openToken.end);
    return `${text.slice(0, lineEnd)}\n${childIndent}${property},${text.slice(lineEnd)}`;
}

;// CONCATENATED MODULE: ./src/bundle/doctor.ts









const ANDROID_KEY_PREFIX = '-----BEGIN RSA PUBLIC KEY-----';
/**
 * "Why do my devices reject the update": every check that needs no network,
 * each with a sentence a person can act on. Problems are reported, never
 * thrown, so one run shows all of them.
 */
async function diagnose(options, logger) {
    const checks = [];
    const add = (id, status, message) => checks.push({ id, status, message });
    const diagnosis = { ok: true, checks };
    const config = await loadConfig(options, add);
    const projectDir = config ? (0,external_node_path_.dirname)(config.path) : (0,external_node_path_.resolve)(options.dir);
    if (config) {
        diagnosis.configPath = config.path;
        await checkWebDir(config, add);
    }
    const configKey = config ? checkConfigKey(config, add) : undefined;
    diagnosis.configKeyId = configKey?.keyId;
    const signing = await checkPrivateKey(options, projectDir, logger, add);
    diagnosis.privateKeyId = signing?.keyId;
    await checkPublicKeyFile(options, signing, add);
    if (signing && configKey) {
        if (signing.publicPem === configKey.pkcs1Pem) {
            add('key-match', 'ok', `The private key matches the config's public key (key id ${signing.keyId}): apps built from this config decrypt its bundles.`);
        }
        else {
            add('key-match', 'warn', `The private key (key id ${signing.keyId}) does not match the config's public key (key id ${configKey.keyId}): apps built from this config cannot decrypt bundles it signs, and the action refuses to publish them. ` +
                `If you are rotating keys this is expected until the native release carrying the new public key has shipped; otherwise use the private key of the pair ${configKey.keyId}, or run "capgo-bundle key save" and ship a native release.`);
        }
    }
    const found = await findUpdaterVersion([projectDir]);
    if (found) {
        const format = formatForUpdater(found.version);
        diagnosis.checksumFormat = format;
        diagnosis.updaterVersion = found.version;
        add('checksum-format', 'ok', `${found.source}: bundles need ${format.toUpperCase()} checksums (checksum-format auto picks it).`);
    }
    else {
        diagnosis.checksumFormat = 'v3';
        add('checksum-format', 'warn', `No @capgo/capacitor-updater in ${projectDir} (node_modules or package.json): V3 checksums by default, which every 8.x plugin needs. Use checksum-format v2 only for apps on plugins older than 5.30.0 / 6.30.0 / 7.30.0.`);
    }
    diagnosis.ok = !checks.some((check) => check.status === 'fail');
    return diagnosis;
}
async function loadConfig(options, add) {
    const path = options.configPath ? (0,external_node_path_.resolve)(options.configPath) : await findCapacitorConfig((0,external_node_path_.resolve)(options.dir));
    if (!path) {
        add('config', 'fail', `No capacitor.config.json, .ts or .js in ${(0,external_node_path_.resolve)(options.dir)}; run doctor in the app's folder or pass --config.`);
        return undefined;
    }
    try {
        const config = await readCapacitorConfig(path, 'config');
        add('config', config.appId ? 'ok' : 'warn', config.appId ? `Capacitor config ${path} (appId ${config.appId}).` : `${path} has no appId; the action then needs app-id.`);
        return config;
    }
    catch (error) {
        add('config', 'fail', (0,errors/* describeError */.Uc)(error));
        return undefined;
    }
}
async function checkWebDir(config, add) {
    const webDir = webDirOf(config);
    if (!webDir) {
        add('build', 'warn', `${config.path} has no webDir; pass the build folder as path.`);
        return;
    }
    try {
        const build = await checkBuild(webDir, true, silentLogger);
        add('build', 'ok', `webDir ${webDir}: ${build.files.length} files, index.html at the root.`);
        add('notify-app-ready', 'ok', 'The build calls notifyAppReady(), so devices keep the update.');
    }
    catch (error) {
        const code = (0,errors/* isBundleError */.VU)(error) ? error.code : '';
        if (code === 'notify_app_ready_missing') {
            add('build', 'ok', `webDir ${webDir}: index.html at the root.`);
            add('notify-app-ready', 'fail', 'No .js file in the build calls notifyAppReady(): devices install the update, wait for the call, then roll back. Call CapacitorUpdater.notifyAppReady() at app start.');
        }
        else if (code === 'build_missing' || code === 'build_empty') {
            add('build', 'warn', `webDir ${webDir} is missing or empty: run the web build, then doctor again to check index.html and notifyAppReady.`);
        }
        else {
            add('build', 'fail', (0,errors/* describeError */.Uc)(error));
        }
    }
}
function checkConfigKey(config, add) {
    const where = `plugins.CapacitorUpdater.publicKey in ${config.path}`;
    if (!config.publicKey) {
        add('config-key', 'fail', `${where} is not set: apps built from this config cannot decrypt encrypted bundles. Run "capgo-bundle key save" and ship a native release.`);
        return undefined;
    }
    let info;
    try {
        info = checkAppPublicKey(config.publicKey, where);
    }
    catch (error) {
        add('config-key', 'fail', `${(0,errors/* describeError */.Uc)(error)} Run "capgo-bundle key save" with the right .pub file.`);
        return undefined;
    }
    if (!config.publicKey.startsWith(ANDROID_KEY_PREFIX)) {
        add('config-key', 'fail', `${where} does not start with "${ANDROID_KEY_PREFIX}" (leading spaces or quotes): Android skips decryption and the update fails its checksum. Run "capgo-bundle key save" to rewrite it.`);
        return info;
    }
    add('config-key', 'ok', `${where}: PKCS#1 RSA-2048, key id ${info.keyId}.`);
    return info;
}
async function checkPrivateKey(options, projectDir, logger, add) {
    const given = options.privateKey;
    if (!given) {
        add('private-key', 'warn', `No private key found${options.privateKeyLookedAt ? ` (looked at ${options.privateKeyLookedAt})` : ''}. Fine on a machine that only builds apps; to check the key CI signs with, run doctor with --key or CAPGO_PRIVATE_KEY.`);
        return undefined;
    }
    let signing;
    try {
        signing = (0,keys/* parsePrivateKey */.QW)(given.text, logger, given.source);
    }
    catch (error) {
        add('private-key', 'fail', (0,errors/* describeError */.Uc)(error));
        return undefined;
    }
    add('private-key', 'ok', `Private key ${given.source}: RSA-2048, key id ${signing.keyId}.`);
    if (given.path)
        await checkPrivateKeyFile(given.path, projectDir, add);
    return signing;
}
/** A private key readable by others, or one git would commit, is a key to rotate soon. */
async function checkPrivateKeyFile(path, projectDir, add) {
    const problems = [];
    const info = await (0,promises_.stat)(path).catch(() => undefined);
    if (info && process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
        problems.push(`it is readable by other users (mode ${(info.mode & 0o777).toString(8)}; run chmod 600 ${path})`);
    }
    const inside = (0,external_node_path_.relative)(projectDir, (0,external_node_path_.resolve)(path));
    const isInProject = inside !== '' && !inside.startsWith('..') && !(0,external_node_path_.isAbsolute)(inside);
    if (isInProject && (await (0,promises_.stat)((0,external_node_path_.join)(projectDir, '.git')).catch(() => undefined))) {
        const ignore = await (0,promises_.readFile)((0,external_node_path_.join)(projectDir, '.gitignore'), 'utf8').catch(() => '');
        if (!/^\/?(\*\*\/)?\.capgo_key/m.test(ignore))
            problems.push(`${(0,external_node_path_.join)(projectDir, '.gitignore')} does not list .capgo_key_v2 (never commit the private key)`);
    }
    if (problems.length)
        add('private-key-file', 'warn', `Private key file ${path}: ${problems.join('; ')}.`);
}
async function checkPublicKeyFile(options, signing, add) {
    const path = (0,external_node_path_.join)(options.privateKey?.path ? (0,external_node_path_.dirname)(options.privateKey.path) : (0,external_node_path_.resolve)(options.dir), PUBLIC_KEY_FILE);
    const text = await (0,promises_.readFile)(path, 'utf8').catch(() => undefined);
    if (text === undefined)
        return;
    let info;
    try {
        info = checkAppPublicKey(text, path);
    }
    catch (error) {
        add('public-key-file', 'fail', (0,errors/* describeError */.Uc)(error));
        return;
    }
    if (signing && info.pkcs1Pem !== signing.publicPem) {
        add('public-key-file', 'fail', `${path} (key id ${info.keyId}) is not the public half of the private key (key id ${signing.keyId}): a mismatched pair. "key save" would put a key in the app that cannot decrypt your bundles; recreate the pair with "capgo-bundle key create --force".`);
        return;
    }
    add('public-key-file', 'ok', `${path}: key id ${info.keyId}${signing ? ', the public half of the private key' : ''}.`);
}
const silentLogger = { info: () => { }, warning: () => { }, debug: () => { }, secret: () => { } };

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: ./src/bundle/format.ts
var bundle_format = __nccwpck_require__(1097);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __nccwpck_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __nccwpck_require__(6466);
;// CONCATENATED MODULE: ./src/bundle/streams.ts







/**
 * Hashes the plaintext and, given a session key, encrypts it in the same pass,
 * so the zip is read once and never held in memory. Without a key it only
 * hashes and counts: the plaintext zip file is written through the same stage.
 */
class HashAndEncrypt extends external_node_stream_.Transform {
    hash = (0,external_node_crypto_.createHash)('sha256');
    plainBytes = 0;
    cipherBytes = 0;
    cipher;
    constructor(sessionKey, iv) {
        super();
        this.cipher = sessionKey && iv ? (0,external_node_crypto_.createCipheriv)(bundle_format/* CIPHER */.s6, sessionKey, iv) : undefined;
    }
    _transform(chunk, _encoding, callback) {
        this.hash.update(chunk);
        this.plainBytes += chunk.length;
        this.forward(this.cipher ? this.cipher.update(chunk) : chunk);
        callback();
    }
    _flush(callback) {
        if (this.cipher)
            this.forward(this.cipher.final());
        callback();
    }
    forward(data) {
        this.cipherBytes += data.length;
        if (data.length)
            this.push(data);
    }
}
/** `.` + name + `.` + UUID + `.partial`: what a temporary name adds to the final one, in bytes. */
const PARTIAL_NAME_EXTRA_BYTES = 2 + 36 + '.partial'.length;
/**
 * source → stage → file, where the file appears under its final name only
 * when complete and accepted: a crash or a failed check never leaves a
 * half-written bundle that looks finished.
 */
async function writeAtomically(target, source, stage, options = {}) {
    const partial = (0,external_node_path_.join)((0,external_node_path_.dirname)(target), `.${(0,external_node_path_.basename)(target)}.${(0,external_node_crypto_.randomUUID)()}.partial`);
    try {
        await (0,external_node_stream_promises_.pipeline)(source, stage, (0,external_node_fs_.createWriteStream)(partial, { flags: 'wx', mode: options.mode ?? 0o644 }));
        await options.beforeCommit?.();
        await (0,promises_.rename)(partial, target);
    }
    catch (error) {
        await (0,promises_.rm)(partial, { force: true });
        throw error;
    }
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __nccwpck_require__(8522);
;// CONCATENATED MODULE: ./src/bundle/zip.ts











/**
 * Formats that are already compressed: deflating them again costs time and
 * saves nothing, so they are stored.
 */
const STORED_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'webp', 'avif', 'gif', 'woff', 'woff2', 'mp3', 'mp4', 'br', 'gz', 'zip']);
const ENTRY_MODE = 0o644;
/**
 * zlib level 5, not the default 6: on the benchmark tree it deflates about 30%
 * faster for a zip 0.5% larger than the official CLI's (level 4 would be 3%
 * larger). Deflate is the one CPU-bound stage of the pack.
 */
const DEFLATE_LEVEL = 5;
const READ_CHUNK = 256 * 1024;
function isStored(name) {
    const dot = name.lastIndexOf('.');
    return dot >= 0 && STORED_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}
/** Every file of the build, sorted by zip name; the rules are in walk.ts. */
async function listBuildFiles(buildDir, input = 'path') {
    return walkBuild(buildDir, { input });
}
/**
 * The zip as a stream, entries in the given order; byte-identical for
 * identical contents (fixed time and mode, no extra fields).
 *
 * Written here rather than with archiver for two reasons measured on a 100 MB
 * build: archiver took 8.2 s where read + deflate alone take 2.3 s, and it
 * gives STORED entries a data descriptor, which Android's ZipInputStream
 * (what the updater plugin unzips with) refuses: "only DEFLATED entries can
 * have EXT descriptor". Here, files up to BUFFERED_FILE_LIMIT are read and
 * deflated ahead on the libuv pool (both cores busy) and written with sizes
 * and CRC in the local header; larger stored files are read twice (CRC, then
 * data); larger deflated files stream with a data descriptor, which
 * ZipInputStream accepts for DEFLATED entries.
 */
function createZipStream(files) {
    if (files.length > zip_MAX_ZIP_ENTRIES) {
        throw new errors/* BundleError */.rJ('zip_too_large', `path: ${files.length} files exceed the ${zip_MAX_ZIP_ENTRIES} entries a zip without ZIP64 can hold.`, 'path');
    }
    return external_node_stream_.Readable.from(zipChunks(files), { objectMode: false, highWaterMark: 1 });
}
const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION_NEEDED = 20;
/** Made by Unix (3), spec 2.0: tells unzip tools to honour the Unix mode below. */
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED;
const FLAG_DATA_DESCRIPTOR = 1 << 3;
const FLAG_UTF8 = 1 << 11;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
/** 1980-01-01 00:00:00 in DOS date/time: no file time or time zone reaches the zip. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const EXTERNAL_ATTRIBUTES = ((0o100000 | ENTRY_MODE) << 16) >>> 0;
const zip_MAX_ZIP_ENTRIES = 0xffff;
const MAX_ZIP_OFFSET = 0xffffffff;
/** Files up to this size are read whole and compressed ahead; one such file at a time per slot. */
const BUFFERED_FILE_LIMIT = 8 * 1024 * 1024;
/** How far ahead files are read and deflated, in files and bytes: bounds memory whatever the build. */
const PREFETCH_FILES = 16;
const PREFETCH_BYTES = 32 * 1024 * 1024;
const deflate = (0,external_node_util_.promisify)(external_node_zlib_.deflateRaw);
async function prepare(file) {
    const raw = await (0,promises_.readFile)(file.source);
    privateKeyCheck(file.name)(raw);
    const method = isStored(file.name) ? METHOD_STORED : METHOD_DEFLATED;
    const data = method === METHOD_STORED ? raw : await deflate(raw, { level: DEFLATE_LEVEL });
    return { method, crc: (0,external_node_zlib_.crc32)(raw), size: raw.length, data };
}
function localHeader(name, flags, method, crc, compressedSize, size) {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    header.writeUInt16LE(VERSION_NEEDED, 4);
    header.writeUInt16LE(flags, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt16LE(DOS_TIME, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(compressedSize, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    return Buffer.concat([header, name]);
}
function dataDescriptor(crc, compressedSize, size) {
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(compressedSize, 8);
    descriptor.writeUInt32LE(size, 12);
    return descriptor;
}
function centralDirectory(entries, offset) {
    const parts = [];
    for (const entry of entries) {
        const header = Buffer.alloc(46);
        header.writeUInt32LE(CENTRAL_HEADER, 0);
        header.writeUInt16LE(VERSION_MADE_BY, 4);
        header.writeUInt16LE(VERSION_NEEDED, 6);
        header.writeUInt16LE(entry.flags, 8);
        header.writeUInt16LE(entry.method, 10);
        header.writeUInt16LE(DOS_TIME, 12);
        header.writeUInt16LE(DOS_DATE, 14);
        header.writeUInt32LE(entry.crc, 16);
        header.writeUInt32LE(entry.compressedSize, 20);
        header.writeUInt32LE(entry.size, 24);
        header.writeUInt16LE(entry.name.length, 28);
        header.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38);
        header.writeUInt32LE(entry.offset, 42);
        parts.push(header, entry.name);
    }
    const size = parts.reduce((sum, part) => sum + part.length, 0);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...parts, end]);
}
/** CRC-32 of a file read as a stream; for large stored files, whose header needs it before their data. */
async function crcOfFile(file) {
    let crc = 0;
    let size = 0;
    const check = privateKeyCheck(file.name);
    for await (const chunk of (0,external_node_fs_.createReadStream)(file.source, { highWaterMark: READ_CHUNK })) {
        check(chunk);
        crc = (0,external_node_zlib_.crc32)(chunk, crc);
        size += chunk.length;
    }
    return { crc, size };
}
function fileChanged(file) {
    return new errors/* BundleError */.rJ('build_changed', `path: ${file.name} changed while it was being packed; run again once the build has finished writing.`, 'path');
}
async function* zipChunks(files) {
    const entries = [];
    let offset = 0;
    const ahead = new Map();
    let nextToStart = 0;
    let bytesAhead = 0;
    // Keep the libuv pool busy deflating upcoming small files while this one is written.
    const fillWindow = (current) => {
        while (nextToStart < files.length && nextToStart - current < PREFETCH_FILES) {
            const file = files[nextToStart];
            if (file.size > BUFFERED_FILE_LIMIT) {
                nextToStart++;
                continue;
            }
            if (bytesAhead > 0 && bytesAhead + file.size > PREFETCH_BYTES)
                break;
            bytesAhead += file.size;
            const promise = prepare(file);
            // Handled when awaited; this keeps an early failure from being reported as unhandled.
            promise.catch(() => undefined);
            ahead.set(nextToStart++, promise);
        }
    };
    const emit = (chunk) => {
        offset += chunk.length;
        if (offset > MAX_ZIP_OFFSET)
            throw new errors/* BundleError */.rJ('zip_too_large', 'path: the zip would exceed 4 GiB, more than devices and zip without ZIP64 can handle.', 'path');
        return chunk;
    };
    for (let index = 0; index < files.length; index++) {
        fillWindow(index);
        const file = files[index];
        const name = Buffer.from(file.name, 'utf8');
        const utf8 = Buffer.byteLength(file.name) !== file.name.length ? FLAG_UTF8 : 0;
        const entryOffset = offset;
        const pending = ahead.get(index);
        if (pending) {
            ahead.delete(index);
            const prepared = await pending;
            bytesAhead -= file.size;
            if (prepared.size !== file.size)
                throw fileChanged(file);
            yield emit(localHeader(name, utf8, prepared.method, prepared.crc, prepared.data.length, prepared.size));
            yield emit(prepared.data);
            entries.push({ name, flags: utf8, method: prepared.method, crc: prepared.crc, compressedSize: prepared.data.length, size: prepared.size, offset: entryOffset });
        }
        else if (isStored(file.name)) {
            const { crc, size } = await crcOfFile(file);
            if (size !== file.size)
                throw fileChanged(file);
            yield emit(localHeader(name, utf8, METHOD_STORED, crc, size, size));
            let check = 0;
            let written = 0;
            for await (const chunk of (0,external_node_fs_.createReadStream)(file.source, { highWaterMark: READ_CHUNK })) {
                check = (0,external_node_zlib_.crc32)(chunk, check);
                written += chunk.length;
                yield emit(chunk);
            }
            if (check !== crc || written !== size)
                throw fileChanged(file);
            entries.push({ name, flags: utf8, method: METHOD_STORED, crc, compressedSize: size, size, offset: entryOffset });
        }
        else {
            const flags = utf8 | FLAG_DATA_DESCRIPTOR;
            yield emit(localHeader(name, flags, METHOD_DEFLATED, 0, 0, 0));
            const deflater = (0,external_node_zlib_.createDeflateRaw)({ level: DEFLATE_LEVEL });
            let crc = 0;
            let size = 0;
            let compressedSize = 0;
            const source = (0,external_node_fs_.createReadStream)(file.source, { highWaterMark: READ_CHUNK });
            const check = privateKeyCheck(file.name);
            // Checked before deflate sees the chunk: a key's bytes never reach the output.
            const read = new external_node_stream_.Transform({
                transform(chunk, _encoding, callback) {
                    try {
                        check(chunk);
                    }
                    catch (error) {
                        callback(error);
                        return;
                    }
                    crc = (0,external_node_zlib_.crc32)(chunk, crc);
                    size += chunk.length;
                    callback(null, chunk);
                },
            });
            source.on('error', (error) => deflater.destroy(error));
            read.on('error', (error) => {
                source.destroy();
                deflater.destroy(error);
            });
            source.pipe(read).pipe(deflater);
            for await (const chunk of deflater) {
                compressedSize += chunk.length;
                yield emit(chunk);
            }
            if (size !== file.size)
                throw fileChanged(file);
            yield emit(dataDescriptor(crc, compressedSize, size));
            entries.push({ name, flags, method: METHOD_DEFLATED, crc, compressedSize, size, offset: entryOffset });
        }
    }
    yield emit(centralDirectory(entries, offset));
}
/** The plaintext zip on disk, for tools that encrypt in a second step; complete or absent. */
async function writeZipFile(files, target) {
    const stage = new HashAndEncrypt();
    await writeAtomically(target, createZipStream(files), stage).catch((error) => {
        throw packFailure(error, files, (0,external_node_path_.dirname)(target), stage.plainBytes);
    });
    return { path: target, sha256: stage.hash.digest('hex'), size: stage.plainBytes };
}

;// CONCATENATED MODULE: ./src/bundle/pack.ts







function bundleFileName(appId, version) {
    return `${appId}_${version}.zip`;
}
/**
 * walk → zip → SHA-256 + AES-128-CBC → file, in one streaming pass. The file
 * appears under its final name only when complete; on failure nothing is left.
 */
async function packBundle(options, logger) {
    const files = options.files ?? (await listBuildFiles(options.buildDir));
    const fileName = bundleFileName(options.appId, options.version);
    const outputDir = (0,external_node_path_.resolve)(options.outputDir);
    const target = (0,external_node_path_.join)(outputDir, fileName);
    const sessionKey = (0,external_node_crypto_.randomBytes)(bundle_format/* SESSION_KEY_BYTES */.Dk);
    const iv = (0,external_node_crypto_.randomBytes)(bundle_format/* IV_BYTES */.uX);
    const stage = new HashAndEncrypt(sessionKey, iv);
    const ivSessionKey = await (0,bundle_format/* sealSessionKey */.z0)(options.key, sessionKey, iv);
    await (0,promises_.mkdir)(outputDir, { recursive: true });
    try {
        await writeAtomically(target, createZipStream(files), stage);
    }
    catch (error) {
        throw packFailure(error, files, outputDir, stage.cipherBytes);
    }
    finally {
        sessionKey.fill(0);
    }
    const sha256 = stage.hash.digest('hex');
    logger.debug(`packed ${files.length} files: zip ${stage.plainBytes} bytes, encrypted ${stage.cipherBytes} bytes`);
    const written = await (0,promises_.stat)(target);
    if (written.size !== stage.cipherBytes)
        throw new Error(`encrypted file size ${written.size} differs from bytes written ${stage.cipherBytes}`);
    return {
        appId: options.appId,
        version: options.version,
        path: target,
        fileName,
        fileCount: files.length,
        zipSize: stage.plainBytes,
        bundleSize: stage.cipherBytes,
        sha256,
        checksum: await (0,bundle_format/* signChecksumWith */.FH)(options.key, sha256, options.checksumFormat),
        checksumFormat: options.checksumFormat,
        ivSessionKey,
        keyId: options.key.keyId,
        publicKey: options.key.publicPem,
    };
}

;// CONCATENATED MODULE: ./src/publish/capgo/endpoints.ts

/**
 * Every check of the Capgo settings that needs no network (the URLs the token
 * travels to); the plan runs it before packing.
 */
function checkSettings(settings) {
    resolveEndpoints(settings);
}
function resolveEndpoints(settings) {
    if (settings.supabaseUrl) {
        const supabase = checkedBase(settings.supabaseUrl, 'capgo-supabase-url');
        const functions = `${supabase}/functions/v1`;
        return { api: functions, files: functions, supabase };
    }
    return { api: checkedBase(settings.apiUrl, 'capgo-api-url'), files: checkedBase(settings.filesUrl, 'capgo-files-url') };
}
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
/** The token travels in headers, so plain http is refused except on this machine (tests, local Capgo). */
function checkedBase(value, input) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new errors/* BundleError */.rJ('capgo_url_invalid', `${input} is not a URL: "${value}".`, input);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
        throw new errors/* BundleError */.rJ('capgo_url_insecure', `${input} must be an https URL (plain http is only accepted for localhost); got ${url.origin}.`, input);
    }
    if (url.search || url.hash) {
        throw new errors/* BundleError */.rJ('capgo_url_invalid', `${input} must be a base URL without query or fragment; got ${url.origin}${url.pathname}.`, input);
    }
    return url.href.replace(/\/+$/, '');
}
/** The supaHost the server reports travels the same checks, but a refusal must say where the value came from. */
function advertisedSupaHost(value) {
    try {
        return checkedBase(value, 'capgo-supabase-url');
    }
    catch {
        throw new errors/* BundleError */.rJ('capgo_config_invalid', `The Capgo server config points its database API at "${value}", which is not a usable https URL; set capgo-supabase-url and capgo-supabase-anon-key to the address CI should use.`, 'capgo-supabase-url');
    }
}
/** The input that sets where a family of requests goes, for messages. */
function inputFor(family, endpoints) {
    if (endpoints.supabase && family !== 'upload')
        return 'capgo-supabase-url';
    if (family === 'api')
        return 'capgo-api-url';
    if (family === 'files')
        return 'capgo-files-url';
    if (family === 'rest')
        return 'capgo-supabase-url';
    return undefined;
}

// EXTERNAL MODULE: ./src/publish/http-put-settings.ts
var http_put_settings = __nccwpck_require__(6549);
// EXTERNAL MODULE: ./src/publish/s3-settings.ts
var s3_settings = __nccwpck_require__(787);
// EXTERNAL MODULE: ./src/signers/command.ts
var command = __nccwpck_require__(4998);
// EXTERNAL MODULE: ./src/signers/index.ts
var signers = __nccwpck_require__(1355);
;// CONCATENATED MODULE: ./src/plan.ts

















function environmentFrom(env, cwd = process.cwd()) {
    return { workspace: env.GITHUB_WORKSPACE || cwd, runnerTemp: env.RUNNER_TEMP || undefined };
}
const APP_ID = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/;
/**
 * Turns inputs into a validated plan: every check that needs no network and
 * writes nothing happens here, so a bad input stops the run before any work.
 */
async function makePlan(inputs, env, logger) {
    const remote = await remoteSignerSettings(inputs, env);
    const localKey = remote ? undefined : await loadKey(inputs, env, logger);
    if (localKey && inputs.publicKey) {
        const given = (0,keys/* parsePublicKey */.ee)(inputs.publicKey, 'public-key', 'public-key');
        if (given.pkcs1Pem !== localKey.publicPem) {
            throw new errors/* BundleError */.rJ('public_key_mismatch', `public-key (key id ${given.keyId}) is not the public half of private-key (key id ${localKey.keyId}); drop public-key or give the matching one.`, 'public-key');
        }
    }
    const config = await plan_loadConfig(inputs, env);
    const projectDir = config ? (0,external_node_path_.dirname)(config.path) : env.workspace;
    const appId = inputs.appId ?? config?.appId;
    if (!appId)
        throw new errors/* BundleError */.rJ('app_id_missing', 'app-id is not set and no capacitor config with appId was found; set app-id or capacitor-config.', 'app-id');
    if (!APP_ID.test(appId))
        throw new errors/* BundleError */.rJ('app_id_invalid', `app-id "${appId}" is not a reverse-domain id like com.example.app.`, 'app-id');
    const version = await resolveVersion(inputs.version, [projectDir, env.workspace]);
    const buildDir = inputs.path ? (0,external_node_path_.resolve)(env.workspace, inputs.path) : (config && webDirOf(config)) ?? (0,external_node_path_.resolve)(env.workspace, 'dist');
    checkFileName(appId, version);
    const keyFiles = inputs.privateKeyPath ? [(0,external_node_path_.resolve)(env.workspace, inputs.privateKeyPath)] : [];
    const build = await checkBuild(buildDir, inputs.requireNotifyAppReady, logger, { exclude: inputs.exclude, keyFiles });
    if (config?.publicKey) {
        if (localKey) {
            const mismatch = (0,keys/* checkConfigPublicKey */.vC)(config.publicKey, localKey, config.path, inputs.allowKeyMismatch);
            if (mismatch)
                logger.warning(mismatch);
        }
    }
    else {
        logger.warning(config
            ? `${config.path} has no plugins.CapacitorUpdater.publicKey: this run cannot check that apps can decrypt the bundle. Run "capgo-bundle key save" and ship a native release with it.`
            : 'No capacitor config found: this run cannot check that apps can decrypt the bundle. Set capacitor-config.');
    }
    const checksum = await chooseChecksumFormat(inputs.checksumFormat, unique([projectDir, env.workspace]), logger);
    const storage = storageSettings(inputs, capgoSettings(inputs, projectDir));
    checkStorage(storage, { appId, version });
    const outputDir = inputs.outputDir
        ? (0,external_node_path_.resolve)(env.workspace, inputs.outputDir)
        : (0,external_node_path_.join)(env.runnerTemp ?? (0,external_node_os_.tmpdir)(), 'capgo-bundle');
    await checkOutputDir(outputDir, buildDir);
    // Last, after every offline check: a signer outside this process may need the network (Cloud KMS) or a PIN.
    let key = localKey;
    if (remote) {
        const signer = await (0,signers/* openSigner */.Hs)(remote, logger);
        key = await (0,signers/* signingKeyOf */.i$)(signer, { publicKey: inputs.publicKey, configKey: config?.publicKey ? { text: config.publicKey, path: config.path } : undefined });
        if (config?.publicKey) {
            const mismatch = (0,keys/* checkConfigPublicKey */.vC)(config.publicKey, key, config.path, inputs.allowKeyMismatch);
            if (mismatch)
                logger.warning(mismatch);
        }
        await (0,signers/* probeSigner */.ND)(key);
        logger.info(`Signing with ${signer.description}, key id ${key.keyId} (a test signature verified)`);
    }
    if (!key)
        throw new Error('no signing key');
    return {
        appId,
        version,
        buildDir,
        build,
        requireNotifyAppReady: inputs.requireNotifyAppReady,
        key,
        checksum,
        outputDir,
        verify: inputs.verify,
        dryRun: inputs.dryRun,
        storage,
        requestTimeoutMs: inputs.requestTimeoutMs,
    };
}
/** A file name is at most 255 bytes, and the pack first writes it as `.{name}.{uuid}.partial`. */
const MAX_FILE_NAME_BYTES = 255 - PARTIAL_NAME_EXTRA_BYTES;
function checkFileName(appId, version) {
    const bytes = Buffer.byteLength(bundleFileName(appId, version));
    if (bytes > MAX_FILE_NAME_BYTES) {
        const input = Buffer.byteLength(appId) > Buffer.byteLength(version) ? 'app-id' : 'version';
        throw new errors/* BundleError */.rJ('file_name_too_long', `${input}: the bundle file name {app-id}_{version}.zip would be ${bytes} bytes; file systems allow 255 and the temporary name adds ${PARTIAL_NAME_EXTRA_BYTES}, so at most ${MAX_FILE_NAME_BYTES}. Shorten ${input}.`, input);
    }
}
/** The deepest existing ancestor resolved through its links, the rest appended: where the path really leads. */
async function realPathOf(path) {
    const real = await (0,promises_.realpath)(path).catch(() => undefined);
    if (real)
        return real;
    const parent = (0,external_node_path_.dirname)(path);
    return parent === path ? path : (0,external_node_path_.join)(await realPathOf(parent), (0,external_node_path_.basename)(path));
}
async function checkOutputDir(outputDir, buildDir) {
    for (let dir = outputDir;; dir = (0,external_node_path_.dirname)(dir)) {
        const info = await (0,promises_.stat)(dir).catch(() => undefined);
        if (info && !info.isDirectory()) {
            const which = dir === outputDir ? `output-dir ${outputDir} is a file` : `output-dir ${outputDir} is below ${dir}, which is a file`;
            throw new errors/* BundleError */.rJ('output_dir_not_directory', `${which}, not a folder; choose a folder (it is created if missing).`, 'output-dir');
        }
        if (info || (0,external_node_path_.dirname)(dir) === dir)
            break;
    }
    const realOutput = await realPathOf(outputDir);
    const realBuild = await realPathOf(buildDir);
    if (isInside(realBuild, realOutput)) {
        const through = realOutput === outputDir ? '' : ` (through a symbolic link: it is ${realOutput})`;
        throw new errors/* BundleError */.rJ('output_in_build', `output-dir ${outputDir} is inside the build directory${through}: the next run would pack this run's bundle into its own zip. Choose a folder outside ${buildDir}.`, 'output-dir');
    }
}
async function loadKey(inputs, env, logger) {
    if (inputs.privateKey)
        return (0,keys/* parsePrivateKey */.QW)(inputs.privateKey, logger, 'private-key');
    if (inputs.privateKeyPath) {
        const path = (0,external_node_path_.resolve)(env.workspace, inputs.privateKeyPath);
        const text = await (0,promises_.readFile)(path, 'utf8').catch(() => {
            throw new errors/* BundleError */.rJ('key_file_missing', `private-key-path: ${path} cannot be read.`, 'private-key-path');
        });
        return (0,keys/* parsePrivateKey */.QW)(text, logger, 'private-key-path');
    }
    throw new errors/* BundleError */.rJ('key_missing', 'private-key is not set: pass the PEM private key from a secret (private-key: ${{ secrets.CAPGO_PRIVATE_KEY }}) or set private-key-path.', 'private-key');
}
const plan_LOOPBACK = /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/;
const SIGNER_INPUTS = {
    pkcs11: ['pkcs11-module', 'pkcs11-token-label', 'pkcs11-slot', 'pkcs11-key-label', 'pkcs11-key-id', 'pkcs11-pin'],
    'gcp-kms': ['gcp-kms-key', 'gcp-kms-endpoint'],
    command: ['signer-command'],
};
/** Which signer inputs are set, by name. */
function setSignerInputs(inputs) {
    const values = {
        'pkcs11-module': inputs.pkcs11.module,
        'pkcs11-token-label': inputs.pkcs11.tokenLabel,
        'pkcs11-slot': inputs.pkcs11.slot,
        'pkcs11-key-label': inputs.pkcs11.keyLabel,
        'pkcs11-key-id': inputs.pkcs11.keyId,
        'pkcs11-pin': inputs.pkcs11.pin,
        'gcp-kms-key': inputs.gcpKms.key,
        'gcp-kms-endpoint': inputs.gcpKms.endpoint,
        'signer-command': inputs.signerCommand,
    };
    return Object.keys(values).filter((name) => values[name] !== undefined);
}
/** The signer inputs, checked without touching the signer: a bad combination stops the run here, in one line. */
async function remoteSignerSettings(inputs, env) {
    const kind = inputs.signer;
    const set = setSignerInputs(inputs);
    // The PIN may come from CAPGO_PKCS11_PIN in the environment without being meant for this run.
    const foreign = set.filter((name) => (kind === 'key' || !SIGNER_INPUTS[kind].includes(name)) && !(name === 'pkcs11-pin' && !inputs.pkcs11.module));
    if (foreign.length) {
        const owner = Object.keys(SIGNER_INPUTS).find((candidate) => SIGNER_INPUTS[candidate].includes(foreign[0]));
        throw new errors/* BundleError */.rJ('signer_input_conflict', `${foreign[0]} is set but signer is ${kind}; set signer: ${owner}, or remove ${foreign[0]}.`, 'signer');
    }
    if (kind === 'key')
        return undefined;
    if (inputs.privateKey || inputs.privateKeyPath) {
        const name = inputs.privateKey ? 'private-key' : 'private-key-path';
        throw new errors/* BundleError */.rJ('signer_input_conflict', `${name} is set with signer: ${kind}, which signs without it; remove the private key from this job (that is the point).`, name);
    }
    switch (kind) {
        case 'pkcs11': {
            const given = inputs.pkcs11;
            if (!given.module)
                throw new errors/* BundleError */.rJ('pkcs11_module_missing', 'pkcs11-module is required with signer: pkcs11 (the PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so).', 'pkcs11-module');
            const module = given.module.includes('/') ? (0,external_node_path_.resolve)(env.workspace, given.module) : given.module;
            if (module.includes('/') && !(await (0,promises_.stat)(module).then((info) => info.isFile(), () => false))) {
                throw new errors/* BundleError */.rJ('pkcs11_module_missing', `pkcs11-module: ${module} does not exist.`, 'pkcs11-module');
            }
            if (given.tokenLabel && given.slot)
                throw new errors/* BundleError */.rJ('input_conflict', 'pkcs11-token-label and pkcs11-slot are both set; keep one.', 'pkcs11-slot');
            if (!given.tokenLabel && !given.slot)
                throw new errors/* BundleError */.rJ('pkcs11_token_missing', 'pkcs11-token-label (or pkcs11-slot) is required with signer: pkcs11.', 'pkcs11-token-label');
            if (given.slot && !/^(\d+|0x[0-9a-f]+)$/i.test(given.slot))
                throw new errors/* BundleError */.rJ('input_invalid', `pkcs11-slot must be a slot number (got "${given.slot}").`, 'pkcs11-slot');
            if (given.keyLabel && given.keyId)
                throw new errors/* BundleError */.rJ('input_conflict', 'pkcs11-key-label and pkcs11-key-id are both set; keep one.', 'pkcs11-key-id');
            if (!given.keyLabel && !given.keyId)
                throw new errors/* BundleError */.rJ('pkcs11_key_missing', 'pkcs11-key-label (or pkcs11-key-id) is required with signer: pkcs11.', 'pkcs11-key-label');
            const keyId = given.keyId?.replace(/^0x/i, '').replace(/:/g, '').toLowerCase();
            if (keyId !== undefined && !/^([0-9a-f]{2})+$/.test(keyId))
                throw new errors/* BundleError */.rJ('input_invalid', `pkcs11-key-id must be hex, like 01 or a1b2c3 (got "${given.keyId}").`, 'pkcs11-key-id');
            return { kind, pkcs11: { module, tokenLabel: given.tokenLabel, slot: given.slot, keyLabel: given.keyLabel, keyId, pin: given.pin } };
        }
        case 'gcp-kms': {
            const key = inputs.gcpKms.key?.replace(/^\/+|\/+$/g, '');
            if (!key)
                throw new errors/* BundleError */.rJ('gcp_kms_key_missing', 'gcp-kms-key is required with signer: gcp-kms (projects/…/locations/…/keyRings/…/cryptoKeys/…/cryptoKeyVersions/N).', 'gcp-kms-key');
            if (!signers/* GCP_KMS_KEY_VERSION */.G6.test(key)) {
                throw new errors/* BundleError */.rJ('gcp_kms_key_invalid', `gcp-kms-key must name a key version: projects/P/locations/L/keyRings/R/cryptoKeys/K/cryptoKeyVersions/N (got "${key}").`, 'gcp-kms-key');
            }
            const endpoint = inputs.gcpKms.endpoint;
            if (endpoint && !endpoint.startsWith('https://') && !plan_LOOPBACK.test(endpoint)) {
                throw new errors/* BundleError */.rJ('input_not_url', 'gcp-kms-endpoint must be an https URL (plain http only for localhost): the access token travels in headers.', 'gcp-kms-endpoint');
            }
            return { kind, gcpKms: { key, endpoint } };
        }
        case 'command': {
            const argv = (0,command/* parseCommandLines */.G)(inputs.signerCommand ?? '');
            if (!argv.length)
                throw new errors/* BundleError */.rJ('signer_command_missing', 'signer-command is required with signer: command (the program on the first line, one argument per line).', 'signer-command');
            return { kind, command: { argv } };
        }
    }
}
async function plan_loadConfig(inputs, env) {
    if (inputs.capacitorConfig) {
        return readCapacitorConfig((0,external_node_path_.resolve)(env.workspace, inputs.capacitorConfig));
    }
    const found = await findCapacitorConfig(env.workspace);
    return found ? readCapacitorConfig(found) : undefined;
}
/** A tag name like v1.2.3 is the common source of a version: the leading v goes. */
function normaliseVersion(given, input = 'version') {
    const version = given.trim().replace(/^v(?=\d)/i, '');
    if (!semver_default().valid(version))
        throw new errors/* BundleError */.rJ('version_invalid', `${input} "${given}" is not a semantic version like 1.2.3 (Capgo compares bundle versions as semver).`, input);
    return version;
}
async function resolveVersion(given, dirs) {
    if (given)
        return normaliseVersion(given);
    for (const dir of unique(dirs)) {
        const path = (0,external_node_path_.join)(dir, 'package.json');
        const manifest = await (0,promises_.readFile)(path, 'utf8').then((text) => JSON.parse(text), () => undefined);
        if (typeof manifest?.version === 'string')
            return normaliseVersion(manifest.version, `version (from ${path})`);
    }
    throw new errors/* BundleError */.rJ('version_missing', 'version is not set and no package.json with a version was found; set version (a tag like v1.2.3 works).', 'version');
}
function unique(values) {
    return [...new Set(values)];
}
/** The storage settings as given; `checkStorage` holds them to every rule. */
function storageSettings(inputs, capgo) {
    const registerWith = inputs.register ? capgo : undefined;
    switch (inputs.storage) {
        case 'local':
            return { kind: 'local' };
        case 'capgo':
            if (!capgo) {
                throw new errors/* BundleError */.rJ('token_missing', 'capgo-token is not set (nor CAPGO_TOKEN): storage capgo needs a Capgo API key. Use storage: local to only build the bundle.', 'capgo-token');
            }
            return { kind: 'capgo', ...capgo };
        case 's3':
            if (!inputs.s3.bucket)
                throw new errors/* BundleError */.rJ('s3_bucket_missing', 's3-bucket is required with storage: s3.', 's3-bucket');
            return {
                kind: 's3',
                bucket: inputs.s3.bucket,
                region: inputs.s3.region,
                endpoint: inputs.s3.endpoint,
                forcePathStyle: inputs.s3.forcePathStyle,
                keyTemplate: inputs.s3.key,
                cacheControl: inputs.s3.cacheControl,
                accessKeyId: inputs.s3.accessKeyId,
                secretAccessKey: inputs.s3.secretAccessKey,
                publicUrl: inputs.publicUrl,
                allowInsecurePublicUrl: inputs.allowInsecurePublicUrl,
                overwrite: inputs.overwrite,
                verifyUpload: inputs.verifyUpload,
                registerWith,
            };
        case 'url':
            if (!inputs.uploadUrl)
                throw new errors/* BundleError */.rJ('upload_url_missing', 'upload-url is required with storage: url (a presigned PUT URL).', 'upload-url');
            return {
                kind: 'url',
                uploadUrl: inputs.uploadUrl,
                headers: inputs.uploadHeaders,
                publicUrl: inputs.publicUrl,
                allowInsecurePublicUrl: inputs.allowInsecurePublicUrl,
                verifyUpload: inputs.verifyUpload,
                registerWith,
            };
    }
}
/** Each backend's own offline rules (publish/*-settings.ts, publish/capgo/endpoints.ts), with a dummy checksum in the templates. */
function checkStorage(storage, target) {
    switch (storage.kind) {
        case 'local':
            return;
        case 'capgo':
            return checkSettings(storage);
        case 's3':
            (0,s3_settings/* checkSettings */.EW)(storage, target);
            break;
        case 'url':
            (0,http_put_settings/* checkSettings */.E)(storage, target);
            break;
    }
    if (storage.registerWith)
        checkSettings(storage.registerWith);
}
function capgoSettings(inputs, projectDir) {
    const { token, ...rest } = inputs.capgo;
    return token ? { ...rest, token, projectDir } : undefined;
}

;// CONCATENATED MODULE: ./src/cli/signer-flags.ts





const PKCS11_PIN_ENV = 'CAPGO_PKCS11_PIN';
const flag = (name, description, value = 'value') => ({ name, type: 'string', value, description });
/** The PKCS#11 flags, shared by `key create --pkcs11` and every signing command. */
const PKCS11_FLAGS = [
    flag('pkcs11-module', 'PKCS#11 library path.', 'path'),
    flag('pkcs11-token-label', 'Token label.', 'label'),
    flag('pkcs11-slot', 'Slot number, instead of the token label.', 'n'),
    flag('pkcs11-key-label', 'Private key label.', 'label'),
    flag('pkcs11-key-id', 'Private key id (hex), instead of the label.', 'hex'),
    flag('pkcs11-pin', `User PIN (prefer ${PKCS11_PIN_ENV}: argv is visible to other users).`, 'pin'),
];
/** Flags of the same names as the action's signer inputs. */
const SIGNER_FLAGS = [
    { name: 'signer', type: 'string', value: 'kind', choices: signers/* SIGNER_KINDS */.pf, description: 'Where the private-key operation happens (default key: --key / --key-data).' },
    flag('public-key', "PEM public key of the signing key (default: what the signer reports, else the config's).", 'pem'),
    ...PKCS11_FLAGS,
    flag('gcp-kms-key', 'Cloud KMS key version, projects/…/cryptoKeyVersions/N.', 'name'),
    flag('gcp-kms-endpoint', 'Cloud KMS endpoint.', 'url'),
    flag('signer-command', 'Program and arguments, one per line (run without a shell).', 'lines'),
];
/** The PIN from --pkcs11-pin or CAPGO_PKCS11_PIN, masked before anything can print it. */
function pin(context) {
    const value = str(context, 'pkcs11-pin') ?? (context.env[PKCS11_PIN_ENV]?.trim() || undefined);
    if (value)
        context.logger.secret(value);
    return value;
}
function signerInputsFrom(context) {
    return {
        signer: (str(context, 'signer') ?? 'key'),
        pkcs11: {
            module: str(context, 'pkcs11-module'),
            tokenLabel: str(context, 'pkcs11-token-label'),
            slot: str(context, 'pkcs11-slot'),
            keyLabel: str(context, 'pkcs11-key-label'),
            keyId: str(context, 'pkcs11-key-id'),
            pin: pin(context),
        },
        gcpKms: { key: str(context, 'gcp-kms-key'), endpoint: str(context, 'gcp-kms-endpoint') },
        signerCommand: str(context, 'signer-command'),
    };
}
/** Checked PKCS#11 settings for `key create --pkcs11`. */
async function pkcs11SettingsFrom(context) {
    const settings = await remoteSignerSettings({ ...signerInputsFrom(context), signer: 'pkcs11' }, { workspace: context.cwd });
    return settings.pkcs11;
}
/**
 * With --signer pkcs11 | gcp-kms | command: the signer, its public key (as
 * reported, else --public-key, else the capacitor config's) and one checked
 * test signature. Undefined for --signer key: the caller reads the private key.
 */
async function remoteSigningKey(context) {
    const settings = await remoteSignerSettings(signerInputsFrom(context), { workspace: context.cwd });
    if (!settings)
        return undefined;
    const configPath = str(context, 'capacitor-config') ?? (await findCapacitorConfig(context.cwd));
    const config = configPath ? await readCapacitorConfig((0,external_node_path_.resolve)(context.cwd, configPath)).catch(() => undefined) : undefined;
    const signer = await (0,signers/* openSigner */.Hs)(settings, context.logger);
    const key = await (0,signers/* signingKeyOf */.i$)(signer, { publicKey: str(context, 'public-key'), configKey: config?.publicKey ? { text: config.publicKey, path: config.path } : undefined });
    await (0,signers/* probeSigner */.ND)(key);
    context.logger.info(`Signing with ${signer.description}, key id ${key.keyId}`);
    return key;
}

;// CONCATENATED MODULE: ./src/cli/commands/key-create.ts








const ROTATION_HELP = `Key rotation (devices only decrypt bundles signed with the private half of the key
their native build carries):
  1. ${BIN} key create --dir keys-new          a new pair, beside the one in use
  2. ${BIN} key save --key keys-new/${PUBLIC_KEY_FILE}
  3. Ship a native release built with that config, and wait until users have it.
     Apps still on the old native build keep the old key: publish to them with the
     old private key (a channel per native version) until they are gone.
  4. Only then sign with the new key: replace the ${PRIVATE_KEY_ENV} secret with
     keys-new/${PRIVATE_KEY_FILE}.
Between steps 2 and 4 "${BIN} doctor" warns that the private key's id differs from
the config's: expected during a rotation, a mistake at any other time.`;
function shown(cwd, path) {
    const rel = (0,external_node_path_.relative)(cwd, path);
    return rel && !rel.startsWith('..') ? rel : path;
}
const keyCreate = {
    spec: {
        brief: 'Create .capgo_key_v2 and .capgo_key_v2.pub (RSA-2048), both or neither',
        name: 'key create',
        summary: `Create an RSA-2048 key pair for encrypted bundles: ${PRIVATE_KEY_FILE} (private, mode 0600) and ${PUBLIC_KEY_FILE} (public, 0644), both or neither.`,
        usage: `${BIN} key create [--dir D] [--force] | --pkcs11 --pkcs11-module lib --pkcs11-token-label T --pkcs11-key-label K [--dir D]`,
        positionals: [],
        options: [
            { name: 'dir', type: 'string', value: 'dir', description: 'Where to write the pair (default: the current directory).' },
            { name: 'force', short: 'f', type: 'boolean', description: 'Replace an existing pair (apps built with the old public key then reject new bundles).' },
            { name: 'pkcs11', type: 'boolean', description: `Generate the key inside a PKCS#11 token (never exported) and write only ${PUBLIC_KEY_FILE}.` },
            ...PKCS11_FLAGS,
        ],
        details: `${ROTATION_HELP}
With --pkcs11 the RSA-2048 pair is generated inside the token (sensitive, not extractable) by OpenSC's
pkcs11-tool, and only ${PUBLIC_KEY_FILE} is written; the PIN comes from ${PKCS11_PIN_ENV} (or --pkcs11-pin).`,
    },
    async run(context) {
        if (context.values.pkcs11 === true)
            return createInToken(context);
        const files = await createKeyFiles((0,external_node_path_.resolve)(context.cwd, str(context, 'dir') ?? '.'), context.values.force === true);
        const privateKey = shown(context.cwd, files.privateKeyPath);
        const publicKey = shown(context.cwd, files.publicKeyPath);
        return {
            json: files,
            text: [
                `Created an RSA-2048 key pair, key id ${files.keyId}`,
                `  private key: ${privateKey} (0600; never commit it, never put it in the app)`,
                `  public key:  ${publicKey}`,
                'Next steps:',
                `  1. Store the private key as a CI secret, e.g. gh secret set ${PRIVATE_KEY_ENV} < ${privateKey}`,
                `  2. Put the public key in the app:   ${BIN} key save --key ${publicKey}`,
                '  3. Ship a native release with it: only apps carrying this public key decrypt bundles signed with this private key.',
            ],
        };
    },
};
/** `key create --pkcs11`: the pair is made inside the token; only the public key is written, ready for `key save`. */
async function createInToken(context) {
    const settings = await pkcs11SettingsFrom(context);
    if (!settings.keyLabel)
        throw new errors/* BundleError */.rJ('pkcs11_key_label_missing', 'pkcs11-key-label is required with --pkcs11: the label the new key gets in the token.', 'pkcs11-key-label');
    const dir = (0,external_node_path_.resolve)(context.cwd, str(context, 'dir') ?? '.');
    const publicKeyPath = (0,external_node_path_.join)(dir, PUBLIC_KEY_FILE);
    if (context.values.force !== true && (await (0,promises_.stat)(publicKeyPath).catch(() => undefined))) {
        throw new errors/* BundleError */.rJ('key_exists', `${publicKeyPath} already exists; pass --force to replace it, or --dir to write the new public key elsewhere (key rotation).`, 'force');
    }
    const { Pkcs11Signer } = await __nccwpck_require__.e(/* import() */ 66).then(__nccwpck_require__.bind(__nccwpck_require__, 2066));
    const { id, publicPem } = await new Pkcs11Signer(settings).generate();
    const pkcs1 = (0,keys/* publicPemOf */.PQ)((0,external_node_crypto_.createPublicKey)(publicPem));
    await (0,promises_.mkdir)(dir, { recursive: true });
    const partial = `${publicKeyPath}.partial`;
    await (0,promises_.writeFile)(partial, pkcs1, { mode: 0o644 });
    await (0,promises_.chmod)(partial, 0o644);
    await (0,promises_.rename)(partial, publicKeyPath);
    const keyId = (0,keys/* keyIdOf */.yg)(pkcs1);
    const shownPath = shown(context.cwd, publicKeyPath);
    const token = settings.tokenLabel ? `token "${settings.tokenLabel}"` : `slot ${settings.slot}`;
    return {
        json: { publicKeyPath, keyId, pkcs11KeyLabel: settings.keyLabel, pkcs11KeyId: id },
        text: [
            `Created an RSA-2048 key inside ${token}: label "${settings.keyLabel}", id ${id}, key id ${keyId} (the private key cannot leave the token)`,
            `  public key: ${shownPath}`,
            'Next steps:',
            `  1. Put the public key in the app:   ${BIN} key save --key ${shownPath}`,
            `  2. In the workflow: signer: pkcs11, pkcs11-module, pkcs11-token-label, pkcs11-key-label: ${settings.keyLabel}, pkcs11-pin from a secret.`,
            '  3. Ship a native release with it: only apps carrying this public key decrypt bundles this key signs.',
        ],
    };
}

;// CONCATENATED MODULE: ./src/cli/commands/doctor.ts






const LABEL = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };
const doctor = {
    spec: {
        brief: "Explain why devices would reject a project's updates",
        name: 'doctor',
        summary: "Explain a project's encryption status: why devices would reject its updates. Exit 1 when something would make them fail.",
        usage: `${BIN} doctor [--config path] [--key path | --key-data pem] [--json]`,
        positionals: [],
        options: [
            { name: 'config', type: 'string', value: 'path', description: 'Capacitor config (default: capacitor.config.json, .ts or .js here).' },
            { name: 'capacitor-config', type: 'string', value: 'path', description: 'Same as --config.' },
            { name: 'key', type: 'string', value: 'path', description: `Private key to check against the config (default: ${PRIVATE_KEY_FILE}; also ${PRIVATE_KEY_ENV}).` },
            { name: 'key-data', type: 'string', value: 'pem', description: 'Private key PEM text.' },
        ],
        details: `Checks: the capacitor config and its webDir (index.html at the root, notifyAppReady called),
the config's public key (PKCS#1, RSA-2048, starts as Android requires), the private key and
${PRIVATE_KEY_FILE}.pub (well-formed, one pair), the private key's id against the config's,
and the installed @capgo/capacitor-updater version, which decides V3 or V2 checksums.

${ROTATION_HELP}`,
    },
    async run(context) {
        const config = str(context, 'config') ?? str(context, 'capacitor-config');
        const privateKey = await privateKeyFrom(context);
        const diagnosis = await diagnose({ dir: context.cwd, configPath: config ? (0,external_node_path_.resolve)(context.cwd, config) : undefined, privateKey, privateKeyLookedAt: PRIVATE_KEY_LOOKUP }, context.logger);
        const failures = diagnosis.checks.filter((check) => check.status === 'fail').length;
        const warnings = diagnosis.checks.filter((check) => check.status === 'warn').length;
        return {
            json: diagnosis,
            text: [
                ...diagnosis.checks.map((check) => `${LABEL[check.status]}  ${check.message}`),
                '',
                failures ? `${failures} problem${failures > 1 ? 's' : ''} devices would hit; fix ${failures > 1 ? 'them' : 'it'} before publishing.` : `No problem devices would hit${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}.`,
            ],
            exitCode: diagnosis.ok ? 0 : 1,
            error: diagnosis.ok ? undefined : `doctor found ${failures} problem${failures > 1 ? 's' : ''} (the FAIL checks)`,
        };
    },
};

;// CONCATENATED MODULE: ./src/bundle/encrypt.ts






const SHA256_HEX = /^[0-9a-f]{64}$/i;
const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/**
 * Encrypts an existing zip the way packBundle encrypts a fresh one. The
 * official CLI signs whatever checksum it is handed; here the zip is hashed
 * while it is encrypted, and a checksum that is not that hash is refused
 * (devices would report checksum_fail), leaving no output behind.
 */
async function encryptZipFile(zipPath, outPath, key, format, expectedSha256) {
    if (expectedSha256 !== undefined && !SHA256_HEX.test(expectedSha256.trim())) {
        throw new errors/* BundleError */.rJ('checksum_invalid', `checksum must be the SHA-256 of the zip in hex (64 characters), as "zip --json" prints it; encrypted bundles are never checked against CRC32.`, 'checksum');
    }
    await checkZipHeader(zipPath);
    const sessionKey = (0,external_node_crypto_.randomBytes)(bundle_format/* SESSION_KEY_BYTES */.Dk);
    const iv = (0,external_node_crypto_.randomBytes)(bundle_format/* IV_BYTES */.uX);
    const stage = new HashAndEncrypt(sessionKey, iv);
    const ivSessionKey = await (0,bundle_format/* sealSessionKey */.z0)(key, sessionKey, iv);
    let sha256 = '';
    try {
        await writeAtomically(outPath, (0,external_node_fs_.createReadStream)(zipPath), stage, {
            beforeCommit: () => {
                sha256 = stage.hash.digest('hex');
                const expected = expectedSha256?.trim().toLowerCase();
                if (expected !== undefined && expected !== sha256) {
                    throw new errors/* BundleError */.rJ('checksum_mismatch', `checksum ${expected} is not the SHA-256 of ${zipPath} (${sha256}): devices would reject the bundle (checksum_fail). Pass the checksum "zip --json" printed for this very file.`, 'checksum');
                }
            },
        });
    }
    finally {
        sessionKey.fill(0);
    }
    return {
        path: outPath,
        sha256,
        checksum: await (0,bundle_format/* signChecksumWith */.FH)(key, sha256, format),
        checksumFormat: format,
        ivSessionKey,
        keyId: key.keyId,
        zipSize: stage.plainBytes,
        bundleSize: stage.cipherBytes,
    };
}
/** A file that is not a zip would encrypt fine and then fail on every device with unzip_fail. */
async function checkZipHeader(zipPath) {
    const handle = await (0,promises_.open)(zipPath, 'r').catch(() => {
        throw new errors/* BundleError */.rJ('zip_missing', `${zipPath} cannot be read; give the path of the zip made by "zip".`, 'zip');
    });
    try {
        const head = Buffer.alloc(ZIP_LOCAL_HEADER.length);
        // A directory opens fine on Linux and only fails here.
        const { bytesRead } = await handle.read(head, 0, head.length, 0).catch(() => ({ bytesRead: 0 }));
        if (bytesRead < head.length || !head.equals(ZIP_LOCAL_HEADER)) {
            throw new errors/* BundleError */.rJ('not_a_zip', `${zipPath} is not a zip file (or an empty one): devices would fail to unzip it (unzip_fail).`, 'zip');
        }
    }
    finally {
        await handle.close();
    }
}

;// CONCATENATED MODULE: ./src/cli/commands/encrypt.ts










const encrypt = {
    spec: {
        brief: 'Encrypt and sign a zip for devices; --json gives {checksum, filename, ivSessionKey}',
        name: 'encrypt',
        summary: 'Encrypt a zip as devices decrypt it (AES-128-CBC, RSA-signed session key and checksum), writing <zip>_encrypted.zip.',
        usage: `${BIN} encrypt <zip> <checksum> [--key path | --key-data pem | --signer pkcs11|gcp-kms|command ...] [--checksum-format auto|v3|v2] [--json]`,
        positionals: [
            { name: 'zip', required: true, description: 'The zip made by "zip".' },
            { name: 'checksum', required: true, description: 'Its SHA-256, as "zip --json" prints it; checked against the file.' },
        ],
        options: [
            { name: 'key', type: 'string', value: 'path', description: `Private key file (default: ${PRIVATE_KEY_FILE}).` },
            { name: 'key-data', type: 'string', value: 'pem', description: `Private key PEM text (visible to other local users in the process list; prefer ${PRIVATE_KEY_ENV}).` },
            { name: 'checksum-format', type: 'string', value: 'format', choices: ['auto', 'v3', 'v2'], description: 'Signed checksum encoding; auto reads the installed @capgo/capacitor-updater, V3 when none is found.' },
            { name: 'package-json', type: 'string', value: 'paths', description: 'package.json files (comma-separated) where the updater version is looked up, for monorepos.' },
            ...SIGNER_FLAGS,
        ],
        details: `The private key comes from --key-data, --key, the ${PRIVATE_KEY_ENV} environment variable, then ./${PRIVATE_KEY_FILE}.
With --signer pkcs11, gcp-kms or command the private key stays in the HSM, Cloud KMS or signing service;
the flags mean what the action's inputs of the same names mean (PIN: CAPGO_PKCS11_PIN).
--json prints {checksum, filename, ivSessionKey}, as "@capgo/cli bundle encrypt --json" does.
Unlike it, a checksum that is not the zip's SHA-256 is refused (devices would report checksum_fail).`,
    },
    async run(context) {
        const [zipPath, checksum] = context.positionals;
        const key = await signingKey(context);
        await warnOnConfigMismatch(context.cwd, key, context.logger);
        const packageDirs = (str(context, 'package-json') ?? '')
            .split(',')
            .map((path) => path.trim())
            .filter(Boolean)
            .map((path) => (0,external_node_path_.dirname)((0,external_node_path_.resolve)(context.cwd, path)));
        const format = await chooseChecksumFormat(str(context, 'checksum-format') ?? 'auto', [...packageDirs, context.cwd], context.logger);
        // Without an updater to read, chooseChecksumFormat has already warned and said why; once is enough.
        if (format.updaterVersion || str(context, 'checksum-format'))
            context.logger.info(`Checksum ${format.format.toUpperCase()}: ${format.reason}`);
        const filename = `${zipPath}_encrypted.zip`;
        const result = await encryptZipFile((0,external_node_path_.resolve)(context.cwd, zipPath), (0,external_node_path_.resolve)(context.cwd, filename), key, format.format, checksum);
        context.logger.info(`Encrypted ${result.zipSize} bytes with key id ${result.keyId}, signed by ${key.signer.description}`);
        return {
            json: { checksum: result.checksum, filename, ivSessionKey: result.ivSessionKey },
            text: [filename, `checksum (${result.checksumFormat.toUpperCase()}): ${result.checksum}`, `ivSessionKey: ${result.ivSessionKey}`, `key id: ${result.keyId}`],
        };
    },
};
/** --signer pkcs11 | gcp-kms | command, else the private key from --key, --key-data, the variable or ./.capgo_key_v2. */
async function signingKey(context) {
    if ((str(context, 'signer') ?? 'key') !== 'key' && (str(context, 'key') || str(context, 'key-data'))) {
        throw new UsageError(`--key and --key-data give a private key, which --signer ${str(context, 'signer')} does without; drop them`);
    }
    const remote = await remoteSigningKey(context);
    if (remote)
        return remote;
    const given = await privateKeyFrom(context);
    if (!given)
        throw new UsageError(`no private key: looked at ${PRIVATE_KEY_LOOKUP}`);
    return (0,keys/* parsePrivateKey */.QW)(given.text, context.logger, given.source);
}
/** A bundle the app's own config cannot decrypt is worth a warning, not a refusal: key rotation passes through that state. */
async function warnOnConfigMismatch(cwd, key, logger) {
    const path = await findCapacitorConfig(cwd);
    const config = path ? await readCapacitorConfig(path).catch(() => undefined) : undefined;
    if (!config?.publicKey)
        return;
    try {
        const mismatch = (0,keys/* checkConfigPublicKey */.vC)(config.publicKey, key, config.path, true);
        if (mismatch)
            logger.warning(mismatch);
    }
    catch (error) {
        if ((0,errors/* isBundleError */.VU)(error))
            logger.warning(error.message);
        else
            throw error;
    }
}

;// CONCATENATED MODULE: ./src/cli/commands/key-save.ts







const keySave = {
    spec: {
        brief: 'Write the public key into capacitor.config.json/.ts, keeping the file as it is',
        name: 'key save',
        summary: 'Write the public key into the app: plugins.CapacitorUpdater.publicKey in capacitor.config.json (keys and indentation kept) or capacitor.config.ts/.js (edited in place: comments, imports and layout kept).',
        usage: `${BIN} key save [--key path | --key-data pem] [--config path] [--force]`,
        positionals: [],
        options: [
            { name: 'key', type: 'string', value: 'path', description: `Public key file (default: ${PUBLIC_KEY_FILE}; also ${PUBLIC_KEY_ENV}).` },
            { name: 'key-data', type: 'string', value: 'pem', description: 'Public key PEM text.' },
            { name: 'config', type: 'string', value: 'path', description: 'Capacitor config to edit (default: capacitor.config.json, .ts or .js here).' },
            { name: 'capacitor-config', type: 'string', value: 'path', description: 'Same as --config (the official CLI\'s name).' },
            { name: 'force', short: 'f', type: 'boolean', description: 'Replace a different key already in the config (key rotation).' },
        ],
        details: `Only a PKCS#1 RSA-2048 public key ("BEGIN RSA PUBLIC KEY") is accepted: with an SPKI key
Android skips decryption silently, and iOS only handles 2048-bit keys.

${ROTATION_HELP}`,
    },
    async run(context) {
        const key = await publicKeyFrom(context, ['file']);
        if (!key)
            throw new UsageError(`no public key: pass --key PATH or --key-data PEM, set ${PUBLIC_KEY_ENV}, or run where ${PUBLIC_KEY_FILE} is`);
        const given = str(context, 'config') ?? str(context, 'capacitor-config');
        const configPath = given ? (0,external_node_path_.resolve)(context.cwd, given) : await findCapacitorConfig(context.cwd);
        if (!configPath)
            throw new UsageError('no capacitor.config.json, .ts or .js here; pass --config');
        const saved = await savePublicKey(configPath, key.text, { source: key.source, force: context.values.force === true });
        const text = saved.changed
            ? [`Saved the public key (key id ${saved.keyId}) at plugins.CapacitorUpdater.publicKey in ${configPath}`]
            : [`${configPath} already carries this public key (key id ${saved.keyId}); nothing changed.`];
        if (saved.changed && saved.previousKeyId) {
            text.push(`Replaced key id ${saved.previousKeyId}: apps built from now on only decrypt bundles signed with the new private key. Keep signing with the old one until the native release ships.`);
        }
        if (saved.changed)
            text.push('Next: ship a native release (npx cap sync, then build) so devices carry this key.');
        return { json: { config: configPath, keyId: saved.keyId, previousKeyId: saved.previousKeyId ?? null, changed: saved.changed }, text };
    },
};

// EXTERNAL MODULE: ./src/cleanup.ts
var cleanup = __nccwpck_require__(2691);
;// CONCATENATED MODULE: ./src/key-text.ts


/** base64 that decodes to a PEM header or an OpenSSH key: "-----BEGIN" and "openssh-key-v1". */
const WRAPPED_KEY = /^(LS0tLS1CRUdJT|b3BlbnNzaC1rZXktdjE)/;
/**
 * Key text rather than a path: a PEM block, or a base64 blob of key length
 * (DER keys start with a SEQUENCE, "MII" in base64; a PEM or OpenSSH key
 * base64-wrapped once). Paths of that length made only of base64 characters
 * do not occur in practice.
 */
function looksLikeKeyMaterial(value) {
    if (/-----BEGIN [A-Z0-9 ]*KEY/.test(value))
        return true;
    const compact = value.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/=_-]+$/.test(compact))
        return false;
    return (compact.length >= 100 && (/^MI[I-J]/.test(compact) || WRAPPED_KEY.test(compact))) || compact.length >= 200;
}
/** Masks what could be a private key; a PEM public key alone is left readable. */
function maskIfKeyText(value, logger) {
    if (!value.trim() || !looksLikeKeyMaterial(value))
        return;
    if (/-----BEGIN [A-Z0-9 ]*PUBLIC KEY-----/.test(value) && !/PRIVATE KEY/.test(value))
        return;
    (0,keys/* maskPrivateKeyText */.ii)(value, logger);
}
/** For path inputs: key text is masked (every line, every unwrapped form) and refused with what to do instead. */
function refuseKeyTextAsPath(name, value, logger, instead = 'private-key') {
    if (!looksLikeKeyMaterial(value))
        return;
    (0,keys/* maskPrivateKeyText */.ii)(value, logger);
    const also = name === 'private-key-path' ? '' : `, and set ${name} to a path`;
    throw new errors/* BundleError */.rJ('key_text_in_path', `${name} holds key text, not a path: pass it as ${instead} (from a secret)${also}.`, name);
}

// EXTERNAL MODULE: ./src/publish/http.ts
var http = __nccwpck_require__(2211);
;// CONCATENATED MODULE: ./src/url-input.ts

/** Where the credential of each URL input belongs instead. */
const CREDENTIALS_GO_TO = {
    'capgo-api-url': 'the Capgo API key goes in capgo-token',
    'capgo-files-url': 'the Capgo API key goes in capgo-token',
    'capgo-supabase-url': 'the Capgo API key goes in capgo-token',
    'upload-url': 'send credentials as upload-headers (Authorization: ...) or use a presigned URL',
    'public-url': 'devices download without credentials, so the URL must be public',
    's3-endpoint': 'keys go in s3-access-key-id and s3-secret-access-key',
    'gcp-kms-endpoint': 'credentials come from Application Default Credentials (google-github-actions/auth)',
};
/** The authority of `scheme://authority/...`; works on templates such as public-url's, which new URL() may refuse. */
const AUTHORITY = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/;
/**
 * Refuses `user:password@` in a URL input, before anything could print or send
 * it (fetch would send it as Basic auth, and it would land in bundle-url). The
 * credential is masked first and never part of the message.
 */
function refuseUserinfo(name, value, logger) {
    const authority = AUTHORITY.exec(value.trim())?.[1];
    const at = authority?.lastIndexOf('@') ?? -1;
    if (!authority || at < 0)
        return;
    const userinfo = authority.slice(0, at);
    if (logger) {
        for (const part of [userinfo, ...userinfo.split(':')])
            if (part)
                logger.secret(part);
        for (const part of userinfo.split(':')) {
            const decoded = safeDecode(part);
            if (decoded && decoded !== part)
                logger.secret(decoded);
        }
    }
    const hint = CREDENTIALS_GO_TO[name] ?? 'credentials go in their own inputs';
    throw new errors/* BundleError */.rJ('url_credentials', `${name} holds a user name or password before @ (not shown); remove it: ${hint}.`, name);
}
/** An http(s) URL input without credentials, trailing slashes removed; the value is never echoed. */
function parseUrlInput(name, value, logger) {
    refuseUserinfo(name, value, logger);
    let parsed;
    try {
        parsed = new URL(value);
    }
    catch {
        throw new errors/* BundleError */.rJ('input_not_url', `${name} is not a URL.`, name);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        throw new errors/* BundleError */.rJ('input_not_url', `${name} must be an http(s) URL.`, name);
    return value.replace(/\/+$/, '');
}
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/inputs.ts






const STORAGE_KINDS = ['capgo', 's3', 'url', 'local'];
const DEFAULT_S3_KEY = '{appId}/{version}/{appId}_{version}.zip';
function optional(read, name) {
    const value = read(name).trim();
    return value === '' ? undefined : value;
}
/** Like configure-aws-credentials: core.getBooleanInput throws on empty values, so defaults live here. */
function inputs_boolean(read, name, fallback) {
    const value = read(name).trim().toLowerCase();
    if (value === '')
        return fallback;
    if (value === 'true')
        return true;
    if (value === 'false')
        return false;
    throw new errors/* BundleError */.rJ('input_not_boolean', `${name} must be true or false (got "${value}").`, name);
}
function oneOf(read, name, allowed, fallback) {
    const value = (read(name).trim().toLowerCase() || fallback);
    if (!allowed.includes(value))
        throw new errors/* BundleError */.rJ('input_invalid', `${name} must be one of ${allowed.join(', ')} (got "${value}").`, name);
    return value;
}
function url(read, name, logger) {
    const value = optional(read, name);
    return value === undefined ? undefined : parseUrlInput(name, value, logger);
}
/** A positive number of seconds (decimals allowed, for tests), at most an hour; returned in milliseconds. */
function seconds(read, name, fallback) {
    const text = read(name).trim();
    if (text === '')
        return fallback * 1000;
    const value = Number(text);
    if (!/^\d+(\.\d+)?$/.test(text) || !(value > 0) || value > 3600) {
        throw new errors/* BundleError */.rJ('input_invalid', `${name} must be a number of seconds above 0 and at most 3600 (got "${text}").`, name);
    }
    return Math.round(value * 1000);
}
/** Inputs that hold paths: key text pasted into one is masked and refused before anything could echo it. */
const PATH_INPUTS = ['private-key-path', 'capacitor-config', 'path', 'output-dir'];
/** `Name: value` per line (or `Name=value`), as YAML block scalars make easy. */
function headers(read, name) {
    const result = {};
    for (const line of read(name).split(/\r?\n/)) {
        if (line.trim() === '')
            continue;
        const match = /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*[:=]\s*(.*?)\s*$/.exec(line);
        if (!match)
            throw new errors/* BundleError */.rJ('input_invalid', `${name}: each line must be "Header-Name: value".`, name);
        result[match[1].toLowerCase()] = match[2];
    }
    return result;
}
/**
 * The one place inputs are read. Credentials are masked here, before anything
 * else runs; the private key is masked line by line by the key parser, which
 * runs first thing in the plan.
 */
function getInputs(given, logger, env = process.env) {
    // Key text pasted into any other input (a comment, a channel) is masked before anything could print it.
    const read = (name) => {
        const value = given(name);
        // private-key is masked by the key parser; public-key is no secret.
        if (name !== 'private-key' && name !== 'public-key')
            maskIfKeyText(value, logger);
        return value;
    };
    for (const name of PATH_INPUTS)
        refuseKeyTextAsPath(name, read(name), logger);
    for (const name of ['upload-url', 'public-url'])
        refuseUserinfo(name, read(name), logger);
    const token = optional(read, 'capgo-token') ?? (env.CAPGO_TOKEN?.trim() || undefined);
    const secretAccessKey = optional(read, 's3-secret-access-key');
    const uploadUrl = optional(read, 'upload-url');
    const supabaseAnonKey = optional(read, 'capgo-supabase-anon-key');
    for (const secret of [token, secretAccessKey, uploadUrl, supabaseAnonKey])
        if (secret)
            logger.secret(secret);
    const uploadHeaders = headers(read, 'upload-headers');
    for (const [name, value] of Object.entries(uploadHeaders)) {
        // Presigned setups often carry a credential in a header instead of the URL.
        if ((0,http/* isSecretHeader */.io)(name) && value)
            logger.secret(value);
    }
    if (uploadUrl) {
        // The signature lives in the query string; mask it on its own too, since logs may show it decoded or split.
        const query = uploadUrl.split('?')[1];
        if (query)
            logger.secret(query);
    }
    // Like capgo-token and CAPGO_TOKEN: the CLI's run reads the PIN from the environment rather than argv.
    const pkcs11Pin = optional(read, 'pkcs11-pin') ?? (env.CAPGO_PKCS11_PIN?.trim() || undefined);
    if (pkcs11Pin)
        logger.secret(pkcs11Pin);
    const privateKey = read('private-key');
    if (privateKey.trim())
        (0,keys/* maskPrivateKeyText */.ii)(privateKey, logger);
    const privateKeyPath = optional(read, 'private-key-path');
    if (privateKey.trim() && privateKeyPath) {
        throw new errors/* BundleError */.rJ('input_conflict', 'private-key and private-key-path are both set; keep one.', 'private-key');
    }
    // Both or neither: the S3 settings check (publish/s3-settings.ts) holds the pair.
    const accessKeyId = optional(read, 's3-access-key-id');
    return {
        path: optional(read, 'path'),
        exclude: read('exclude')
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter(Boolean),
        privateKey: privateKey.trim() ? privateKey : undefined,
        privateKeyPath,
        appId: optional(read, 'app-id'),
        version: optional(read, 'version'),
        capacitorConfig: optional(read, 'capacitor-config'),
        checksumFormat: (read('checksum-format').trim() || 'auto').toLowerCase(),
        storage: oneOf(read, 'storage', STORAGE_KINDS, 'capgo'),
        outputDir: optional(read, 'output-dir'),
        verify: inputs_boolean(read, 'verify', true),
        dryRun: inputs_boolean(read, 'dry-run', false),
        requireNotifyAppReady: inputs_boolean(read, 'require-notify-app-ready', true),
        allowKeyMismatch: inputs_boolean(read, 'allow-key-mismatch', false),
        s3: {
            bucket: optional(read, 's3-bucket'),
            region: optional(read, 's3-region') ?? 'us-east-1',
            endpoint: url(read, 's3-endpoint', logger),
            forcePathStyle: inputs_boolean(read, 's3-force-path-style', false),
            key: optional(read, 's3-key') ?? DEFAULT_S3_KEY,
            cacheControl: optional(read, 's3-cache-control'),
            accessKeyId,
            secretAccessKey,
        },
        uploadUrl,
        uploadHeaders,
        publicUrl: optional(read, 'public-url'),
        allowInsecurePublicUrl: inputs_boolean(read, 'allow-insecure-public-url', false),
        overwrite: inputs_boolean(read, 'overwrite', false),
        verifyUpload: inputs_boolean(read, 'verify-upload', false),
        register: inputs_boolean(read, 'register', true),
        requestTimeoutMs: seconds(read, 'request-timeout', 60),
        capgo: {
            token,
            apiUrl: url(read, 'capgo-api-url', logger) ?? 'https://api.capgo.app',
            filesUrl: url(read, 'capgo-files-url', logger) ?? 'https://files.capgo.app',
            supabaseUrl: url(read, 'capgo-supabase-url', logger),
            supabaseAnonKey,
            channels: read('channel')
                .split(/[,\n]/)
                .map((name) => name.trim())
                .filter(Boolean),
            versionExists: oneOf(read, 'version-exists', ['fail', 'skip'], 'fail'),
            comment: optional(read, 'comment'),
            link: optional(read, 'link'),
            minUpdateVersion: optional(read, 'min-update-version'),
            tus: oneOf(read, 'tus-upload', ['auto', 'always', 'never'], 'auto'),
        },
        signer: oneOf(read, 'signer', signers/* SIGNER_KINDS */.pf, 'key'),
        publicKey: optional(read, 'public-key'),
        pkcs11: {
            module: optional(read, 'pkcs11-module'),
            tokenLabel: optional(read, 'pkcs11-token-label'),
            slot: optional(read, 'pkcs11-slot'),
            keyLabel: optional(read, 'pkcs11-key-label'),
            keyId: optional(read, 'pkcs11-key-id'),
            pin: pkcs11Pin,
        },
        gcpKms: { key: optional(read, 'gcp-kms-key'), endpoint: url(read, 'gcp-kms-endpoint', logger) },
        signerCommand: optional(read, 'signer-command'),
    };
}

;// CONCATENATED MODULE: ./src/publish/capgo/api.ts
/** The shapes of capgo-api.md: what the Capgo requests send and answer. Types only. */
/** The API revision the requests of capgo-api.md were recorded with. */
const CAPGO_API_VERSION = '2025-10-01';

// EXTERNAL MODULE: ./node_modules/tus-js-client/lib.es5/node/index.js
var node = __nccwpck_require__(5162);
;// CONCATENATED MODULE: ./src/publish/capgo/errors.ts




/** A request that failed for good. `status` is absent when no answer came (network, timeout). */
class CapgoRequestError extends errors/* BundleError */.rJ {
    status;
    constructor(code, message, input, status) {
        super(code, message, input);
        this.status = status;
    }
}
/** A failed request in words for the person running the upload, naming the input to check; never a credential. */
function toCapgoError(step, error, endpoints, scrub, patience) {
    if (error instanceof errors/* BundleError */.rJ)
        return error;
    const input = inputFor(step.family, endpoints);
    if (error instanceof http/* HttpStatusError */.F9) {
        if (error.status === 401 || error.status === 403) {
            return new CapgoRequestError('capgo_unauthorized', `Capgo refused the capgo-token while ${step.what} (HTTP ${error.status}): check that the API key is right and allowed to upload to this app${error.detail ? ` (${error.detail})` : ''}.`, 'capgo-token', error.status);
        }
        return new CapgoRequestError('capgo_http', `Capgo answered HTTP ${error.status} while ${step.what}${error.detail ? `: ${error.detail}` : ''}.`, input, error.status);
    }
    if ((0,http/* isTimeout */.kL)(error)) {
        const from = step.origin ? ` from ${step.origin}` : '';
        const tried = patience ? ` for ${(0,http/* seconds */.YA)(patience.timeoutMs)} (request-timeout), ${patience.attempts} attempts` : '';
        return new CapgoRequestError('capgo_timeout', `No progress${from}${tried} while ${step.what}; check ${input ?? 'the network'} or raise request-timeout.`, input);
    }
    const reason = scrub((0,http/* describeHttpError */.g2)(error));
    return new CapgoRequestError('capgo_unreachable', `Could not reach Capgo while ${step.what} (${reason})${input ? `; check ${input}` : ''}.`, input);
}
/** The server's own words, short: Capgo answers `{ error, message }`; storage answers XML we do not show. */
async function serverDetail(response, family) {
    const text = await response.text().catch(() => '');
    if (family === 'upload')
        return '';
    return shortDetail(text);
}
function shortDetail(text) {
    let detail = text;
    try {
        const body = JSON.parse(text);
        if (body && typeof body === 'object') {
            const { error, message } = body;
            detail = [error, message].filter((part) => typeof part === 'string' && part).join(': ');
        }
    }
    catch {
        // Not JSON: keep the text.
    }
    detail = detail.replace(/\s+/g, ' ').trim();
    return detail.length > 200 ? `${detail.slice(0, 200)}…` : detail;
}
/** Why a TUS request failed, for the log line of a resume. */
function tusReason(error, scrub) {
    const status = 'originalResponse' in error ? error.originalResponse?.getStatus() : undefined;
    if (status)
        return `HTTP ${status}`;
    const cause = 'causingError' in error ? error.causingError : null;
    return scrub(cause ? (0,http/* describeHttpError */.g2)(cause) : 'no answer');
}
/** A TUS upload that gave up, in the words of any other Capgo request. */
function tusError(step, error, endpoints, scrub, patience) {
    const status = 'originalResponse' in error ? error.originalResponse?.getStatus() : undefined;
    if (status) {
        const body = error instanceof node/* DetailedError */.nj ? (error.originalResponse?.getBody() ?? '') : '';
        return toCapgoError(step, new http/* HttpStatusError */.F9(status, scrub(shortDetail(body))), endpoints, scrub);
    }
    const cause = 'causingError' in error && error.causingError ? error.causingError : error;
    return toCapgoError(step, cause, endpoints, scrub, patience);
}

// EXTERNAL MODULE: ./src/publish/retry.ts
var retry = __nccwpck_require__(833);
;// CONCATENATED MODULE: ./src/publish/capgo/transport.ts






const defaultCapgoTimings = {
    requestTimeoutMs: 60_000,
    retry: retry/* defaultRetry */.i,
    tusRetryDelays: [0, 1_000, 3_000, 5_000],
};
/**
 * How Capgo requests travel: time-outs, retries of idempotent requests on
 * 5xx, 429 and network failures, scrubbing of every credential it has seen,
 * and failures translated into `CapgoRequestError`. The HTTP itself is
 * publish/http.ts.
 */
class CapgoTransport {
    endpoints;
    logger;
    timings;
    signal;
    secrets = [];
    constructor(endpoints, logger, timings, 
    /** The run's cancellation: requests in flight stop, and no retry starts, once it aborts. */
    signal) {
        this.endpoints = endpoints;
        this.logger = logger;
        this.timings = timings;
        this.signal = signal;
    }
    /** Masks a credential and remembers it for scrubbing; URLs have their parts masked too. */
    addSecret(value) {
        if (/^https?:\/\//.test(value))
            this.secrets.push(...(0,http/* maskUrl */.yP)(value, this.logger));
        else {
            this.logger.secret(value);
            this.secrets.push(value);
        }
    }
    /** Removes every credential this transport knows from a text meant for people. */
    scrub(text) {
        return (0,http/* scrub */._I)(text, this.secrets);
    }
    /** `signal` replaces the run's for clean-up requests, which run after a cancel too. */
    retried(step, attempt, signal = this.signal) {
        return (0,retry/* withRetry */.b)(attempt, { ...this.timings.retry, what: capitalise(step.what), logger: this.logger, retryable: http/* isRetryableHttpError */.PL, signal }).catch((error) => {
            if (signal?.aborted)
                throw signal.reason;
            throw toCapgoError(step, error, this.endpoints, (text) => this.scrub(text), { timeoutMs: this.timings.requestTimeoutMs, attempts: this.timings.retry.attempts });
        });
    }
    /** One attempt of a JSON request; the answer parsed, or undefined when empty. */
    async json(step, request, signal = this.signal) {
        this.logger.debug(`Capgo: ${request.method} ${request.url}`);
        step.origin = new URL(request.url).origin;
        const response = await (0,http/* fetchWithTimeout */.u9)(request.url, { method: request.method, headers: request.headers, body: request.body === undefined ? undefined : JSON.stringify(request.body) }, this.timings.requestTimeoutMs, signal);
        if (response.status >= 300 && response.status < 400) {
            await response.body?.cancel();
            const input = inputFor(step.family, this.endpoints);
            throw new CapgoRequestError('capgo_redirect', `Capgo answered ${step.what} with a redirect (HTTP ${response.status}); set ${input ?? 'the Capgo URL'} to the final address.`, input, response.status);
        }
        if (!response.ok)
            throw new http/* HttpStatusError */.F9(response.status, this.scrub(await serverDetail(response, step.family)));
        const text = await response.text();
        if (!text)
            return undefined;
        try {
            return JSON.parse(text);
        }
        catch {
            throw new CapgoRequestError('capgo_answer_invalid', `Capgo answered ${step.what} with something that is not JSON.`, inputFor(step.family, this.endpoints));
        }
    }
    /** One attempt of a presigned PUT: no auth header (the URL is the credential), its origin only in messages. */
    async putFile(step, url, file, size) {
        this.logger.debug('Capgo: PUT (presigned upload URL)');
        step.origin = new URL(url).origin;
        await (0,http/* putFile */.UN)(new URL(url), file, (0,http/* fileHeaders */.Tc)(size), this.timings.requestTimeoutMs, this.signal);
    }
    /**
     * TUS 1.0 upload. A dropped connection resumes from the server's offset
     * (HEAD, then PATCH from there) instead of starting over; each resume is logged.
     */
    async tusUpload(step, request, endpoint, headers) {
        const resumes = this.timings.tusRetryDelays.length;
        const scrubText = (text) => this.scrub(text);
        step.origin = new URL(endpoint).origin;
        // Every TUS request, a PATCH of a whole chunk included, ends after request-timeout without progress, whatever the chunk size.
        const httpStack = new TimeoutHttpStack(new node/* DefaultHttpStack */.MQ({}), this.timings.requestTimeoutMs);
        const { signal } = this;
        signal?.throwIfAborted();
        // tus only reads the path from this stream, and closes it on success only.
        const source = (0,external_node_fs_.createReadStream)(request.file);
        let onCancel;
        await new Promise((resolve, reject) => {
            const upload = new node/* Upload */._O(source, {
                endpoint,
                uploadSize: request.size,
                chunkSize: request.chunkSize,
                metadata: request.metadata,
                headers,
                retryDelays: this.timings.tusRetryDelays,
                storeFingerprintForResuming: false,
                httpStack,
                onShouldRetry: (error, attempt) => {
                    const status = error.originalResponse?.getStatus() ?? 0;
                    const retry = status === 0 || (0,http/* isRetryableStatus */.PS)(status) || status === 409 || status === 423;
                    if (retry)
                        this.logger.info(`${step.what} interrupted (${tusReason(error, scrubText)}); resuming, retry ${attempt + 1} of ${resumes}`);
                    return retry;
                },
                onChunkComplete: (_chunk, accepted, total) => this.logger.debug(`TUS: ${accepted} of ${total} bytes accepted`),
                onSuccess: () => resolve(),
                onError: (error) => reject(tusError(step, error, this.endpoints, scrubText, { timeoutMs: this.timings.requestTimeoutMs, attempts: this.timings.tusRetryDelays.length + 1 })),
            });
            onCancel = () => {
                void upload.abort();
                reject(signal?.reason);
            };
            signal?.addEventListener('abort', onCancel, { once: true });
            upload.start();
        }).finally(() => {
            if (onCancel)
                signal?.removeEventListener('abort', onCancel);
            source.destroy();
        });
    }
}
function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
/**
 * tus-js-client's Node stack has no time-outs: this one ends a request when
 * no byte moved for `timeoutMs` (bytes of the chunk sent, or of the answer
 * received), which tus then retries from the server's offset.
 */
class TimeoutHttpStack {
    inner;
    timeoutMs;
    constructor(inner, timeoutMs) {
        this.inner = inner;
        this.timeoutMs = timeoutMs;
    }
    createRequest(method, url) {
        return new TimeoutHttpRequest(this.inner.createRequest(method, url), this.timeoutMs);
    }
    getName() {
        return `Timeout(${this.inner.getName()})`;
    }
}
class TimeoutHttpRequest {
    inner;
    timeoutMs;
    constructor(inner, timeoutMs) {
        this.inner = inner;
        this.timeoutMs = timeoutMs;
    }
    getMethod() {
        return this.inner.getMethod();
    }
    getURL() {
        return this.inner.getURL();
    }
    setHeader(header, value) {
        this.inner.setHeader(header, value);
    }
    getHeader(header) {
        return this.inner.getHeader(header);
    }
    progress;
    setProgressHandler(handler) {
        this.inner.setProgressHandler((bytesSent) => {
            this.progress?.();
            handler(bytesSent);
        });
    }
    abort() {
        return this.inner.abort();
    }
    getUnderlyingObject() {
        return this.inner.getUnderlyingObject();
    }
    send(body) {
        return new Promise((resolve, reject) => {
            const timer = new http/* ProgressTimer */.lx(this.timeoutMs, () => {
                reject((0,http/* noProgressError */.fL)(this.timeoutMs));
                void this.inner.abort();
            });
            this.progress = () => timer.touch();
            const sent = this.inner.send(body);
            // Bytes of the answer count as progress too; the Node stack's request exists once send() ran.
            const request = this.inner.getUnderlyingObject();
            request?.once('response', (response) => {
                timer.touch();
                response.on('data', () => timer.touch());
            });
            sent.then((response) => {
                timer.stop();
                resolve(response);
            }, (error) => {
                timer.stop();
                reject(error);
            });
        });
    }
}

;// CONCATENATED MODULE: ./src/publish/capgo/client.ts




/**
 * The Capgo requests of capgo-api.md, one method each. Every request has a
 * timeout; the idempotent ones are retried on 5xx, 429 and network failures.
 * Failures come out as `CapgoRequestError`, worded for the person running the
 * upload and scrubbed of the token and of presigned URLs.
 */
class CapgoClient {
    settings;
    endpoints;
    transport;
    configPromise;
    constructor(settings, logger, timings = defaultCapgoTimings, 
    /** The run's cancellation (requests stop when it aborts); clean-up requests pass their own. */
    signal) {
        this.settings = settings;
        // The plan checked these URLs; resolving them again only derives the bases.
        this.endpoints = resolveEndpoints(settings);
        this.transport = new CapgoTransport(this.endpoints, logger, timings, signal);
        this.transport.addSecret(settings.token);
        if (this.endpoints.supabase)
            logger.debug(`Self-hosted Capgo: API and files at ${this.endpoints.api}, PostgREST at ${this.endpoints.supabase}/rest/v1`);
    }
    /** `GET {api}/private/config`, once per client. */
    config() {
        this.configPromise ??= this.fetchConfig();
        return this.configPromise;
    }
    async fetchConfig() {
        const step = { what: 'reading the Capgo server config', family: 'api' };
        const body = await this.transport.retried(step, () => this.transport.json(step, this.apiRequest('GET', this.endpoints.api, 'private/config')));
        const config = asObject(body);
        const supaHost = this.endpoints.supabase ?? stringField(config, 'supaHost');
        const supaKey = this.settings.supabaseAnonKey ?? stringField(config, 'supaKey');
        if (!supaHost || !supaKey) {
            throw new CapgoRequestError('capgo_config_invalid', 'The Capgo server config has no supaHost/supaKey; for a self-hosted Capgo set capgo-supabase-url and capgo-supabase-anon-key.', 'capgo-supabase-url');
        }
        return {
            supaHost: this.endpoints.supabase ? supaHost : advertisedSupaHost(supaHost),
            supaKey,
            useNewFinalizeBundleUpload: config.useNewFinalizeBundleUpload === true,
        };
    }
    /** `GET {api}/app/{appId}`; undefined when the app does not exist or the key cannot see it (404). */
    async app(appId) {
        const step = { what: `looking up app ${appId}`, family: 'api' };
        try {
            const body = asObject(await this.transport.retried(step, () => this.transport.json(step, this.apiRequest('GET', this.endpoints.api, `app/${encodeURIComponent(appId)}`))));
            const ownerOrg = stringField(body, 'owner_org');
            if (!ownerOrg)
                throw new CapgoRequestError('capgo_answer_invalid', `Capgo's answer for app ${appId} has no owner_org.`, undefined);
            return { app_id: stringField(body, 'app_id') ?? appId, owner_org: ownerOrg, name: stringField(body, 'name') };
        }
        catch (error) {
            if (error instanceof CapgoRequestError && error.status === 404)
                return undefined;
            throw error;
        }
    }
    /** `rpc/exist_app_versions`. */
    async versionExists(appId, version, signal) {
        const step = { what: `checking whether version ${version} exists`, family: 'rest' };
        const answer = await this.transport.retried(step, async () => this.transport.json(step, await this.restRequest('rpc/exist_app_versions', { appid: appId, name_version: version }), signal), signal);
        if (typeof answer !== 'boolean')
            throw new CapgoRequestError('capgo_answer_invalid', 'Capgo answered the version check with something other than true or false.', undefined);
        return answer;
    }
    /** `rpc/request_actor_user_id`: the user the API key belongs to. */
    async actorUserId() {
        const step = { what: 'reading the user of the API key', family: 'rest' };
        const answer = await this.transport.retried(step, async () => this.transport.json(step, await this.restRequest('rpc/request_actor_user_id', {})));
        if (typeof answer !== 'string' || !answer) {
            throw new CapgoRequestError('capgo_answer_invalid', 'Capgo did not say which user the capgo-token belongs to.', 'capgo-token');
        }
        return answer;
    }
    /**
     * Upsert of the version row. Retried: with `on_conflict=name,app_id` and
     * merge-duplicates a repeat of the same body leaves the same row, so a retry
     * after a lost answer cannot do harm. Returns the row id when PostgREST
     * sends the representation back.
     */
    async upsertVersion(row, what = `creating version ${row.name}`) {
        const step = { what, family: 'rest' };
        const answer = await this.transport.retried(step, async () => {
            const request = await this.restRequest('app_versions?on_conflict=name,app_id', row);
            request.headers.prefer = 'resolution=merge-duplicates,return=representation';
            return this.transport.json(step, request);
        });
        const first = Array.isArray(answer) ? answer[0] : answer;
        const id = first && typeof first === 'object' ? first.id : undefined;
        return { id: typeof id === 'number' || typeof id === 'string' ? String(id) : undefined };
    }
    /** `GET {files}/files/config`. */
    async filesConfig() {
        const step = { what: 'reading the Capgo files config', family: 'files' };
        const body = asObject(await this.transport.retried(step, () => this.transport.json(step, this.apiRequest('GET', this.endpoints.files, 'files/config'))));
        return {
            TUSUpload: body.TUSUpload === true,
            TUSUploadForced: body.TUSUploadForced === true,
            maxUploadLength: positiveNumber(body.maxUploadLength),
            maxChunkSize: positiveNumber(body.maxChunkSize),
        };
    }
    /** `POST {files}/files/upload_link`: a presigned URL, masked before anything could print it. */
    async uploadLink(appId, version) {
        const step = { what: 'requesting an upload URL', family: 'files' };
        const body = asObject(await this.transport.retried(step, () => this.transport.json(step, this.apiRequest('POST', this.endpoints.files, 'files/upload_link', { app_id: appId, name: version, version: 0 }))));
        const url = stringField(body, 'url');
        if (url)
            this.transport.addSecret(url);
        if (!url || !/^https?:\/\//.test(url))
            throw new CapgoRequestError('capgo_answer_invalid', 'Capgo did not return an upload URL.', undefined);
        return url;
    }
    /** `PUT <presigned url>`: no auth header (the URL is the credential); a fresh file stream per attempt. */
    async putFile(url, file, size) {
        const step = { what: 'uploading the bundle', family: 'upload' };
        await this.transport.retried(step, () => this.transport.putFile(step, url, file, size));
    }
    /** TUS 1.0 upload to `{files}/files/upload/attachments/`, resumed from the server's offset after a drop. */
    async tusUpload(request) {
        const step = { what: 'uploading the bundle (TUS)', family: 'files' };
        // No content-type here: tus sets its own on PATCH, and a second one would be sent alongside.
        const headers = { authorization: this.settings.token, capgkey: this.settings.token, capgo_api: CAPGO_API_VERSION };
        await this.transport.tusUpload(step, request, `${this.endpoints.files}/files/upload/attachments/`, headers);
    }
    /** `POST {api}/private/finalize_bundle_upload`. */
    async finalize(appId, version) {
        const step = { what: `finalizing version ${version}`, family: 'api' };
        await this.transport.retried(step, () => this.transport.json(step, this.apiRequest('POST', this.endpoints.api, 'private/finalize_bundle_upload', { app_id: appId, name: version })));
    }
    /** `POST {api}/channel`. */
    async setChannel(appId, channel, version) {
        const step = { what: `setting channel ${channel} to ${version}`, family: 'api' };
        await this.transport.retried(step, () => this.transport.json(step, this.apiRequest('POST', this.endpoints.api, 'channel', { app_id: appId, channel, version })));
    }
    /**
     * `DELETE {api}/private/delete_failed_version`, which deletes only a row
     * still `r2-direct` whose file is not stored (capgo-api.md): `deleted`, or
     * the refusal `already_deleted` (no such unfinished row: finalized,
     * external, or none) or `file_stored`. Anything else throws; its 404 means
     * "user or app not found", never "no such version". `signal` lets it run
     * after a cancel.
     */
    async deleteFailedVersion(appId, version, signal) {
        const step = { what: `deleting the failed version ${version}`, family: 'api' };
        try {
            await this.transport.retried(step, () => this.transport.json(step, this.apiRequest('DELETE', this.endpoints.api, 'private/delete_failed_version', { app_id: appId, name: version }), signal), signal);
            return 'deleted';
        }
        catch (error) {
            if (error instanceof CapgoRequestError && error.status === 400) {
                if (error.message.includes('error_already_uploaded_to_s3'))
                    return 'file_stored';
                if (error.message.includes('error_already_deleted'))
                    return 'already_deleted';
            }
            throw error;
        }
    }
    /** Removes every credential this client knows from a text meant for people. */
    scrub(text) {
        return this.transport.scrub(text);
    }
    apiRequest(method, base, path, body) {
        return {
            method,
            url: `${base}/${path}`,
            headers: {
                authorization: this.settings.token,
                capgkey: this.settings.token,
                capgo_api: CAPGO_API_VERSION,
                'content-type': 'application/json',
            },
            body,
        };
    }
    async restRequest(path, body) {
        const { supaHost, supaKey } = await this.config();
        return {
            method: 'POST',
            url: `${supaHost}/rest/v1/${path}`,
            headers: {
                apikey: supaKey,
                authorization: `Bearer ${supaKey}`,
                capgkey: this.settings.token,
                'content-type': 'application/json',
            },
            body,
        };
    }
}
function asObject(value) {
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}
function stringField(object, key) {
    const value = object[key];
    return typeof value === 'string' && value ? value : undefined;
}
function positiveNumber(value) {
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

;// CONCATENATED MODULE: ./src/publish/capgo/native-packages.ts



/**
 * `native_packages` of the version row: each dependency of
 * `<projectDir>/package.json` whose installed package carries native code
 * (an `android/` or `ios/` directory). Capgo compares these lists between
 * bundles to tell whether a bundle needs a new native build, so a package we
 * cannot find is reported rather than silently left out.
 */
async function readNativePackages(projectDir, logger) {
    const manifestPath = (0,external_node_path_.join)((0,external_node_path_.resolve)(projectDir), 'package.json');
    const manifest = await readManifest(manifestPath);
    if (!manifest) {
        logger.warning(`No package.json at ${manifestPath}: the Capgo version row lists no native packages, so Capgo cannot check channel compatibility for this bundle.`);
        return [];
    }
    const requested = requestedRanges(manifest);
    const searchDirs = nodeModulesDirs((0,external_node_path_.dirname)(manifestPath));
    const found = await Promise.all([...requested].map(([name, range]) => describeInstalled(name, range, searchDirs)));
    const missing = [...requested.keys()].filter((_, index) => found[index] === undefined);
    if (missing.length) {
        logger.warning(`Not installed, so not checked for native code: ${missing.join(', ')}. Run the package install before this step for complete native_packages.`);
    }
    return found.filter((entry) => entry?.native === true).map(({ name, version, requested_version }) => ({ name, version, requested_version }));
}
async function readManifest(path) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
    try {
        const parsed = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
            return parsed;
    }
    catch {
        // Reported below.
    }
    throw new errors/* BundleError */.rJ('package_json_invalid', `${path} is not a JSON object; fix it so the Capgo version row can list the app's native packages.`);
}
/** dependencies, then devDependencies; a name in both keeps its first position and the devDependencies range, as the official CLI does. */
function requestedRanges(manifest) {
    const ranges = new Map();
    for (const section of [manifest.dependencies, manifest.devDependencies]) {
        if (!section || typeof section !== 'object')
            continue;
        for (const [name, range] of Object.entries(section)) {
            if (typeof range === 'string')
                ranges.set(name, range);
        }
    }
    return ranges;
}
/** `node_modules` of the project and of every parent directory: where Node would resolve from, monorepos and hoisting included. */
function nodeModulesDirs(start) {
    const dirs = [];
    for (let dir = start;; dir = (0,external_node_path_.dirname)(dir)) {
        dirs.push((0,external_node_path_.join)(dir, 'node_modules'));
        if ((0,external_node_path_.dirname)(dir) === dir)
            return dirs;
    }
}
async function describeInstalled(name, range, searchDirs) {
    for (const dir of searchDirs) {
        const packageDir = (0,external_node_path_.join)(dir, name);
        if (!(await isDirectory(packageDir)))
            continue;
        const installed = await readManifest((0,external_node_path_.join)(packageDir, 'package.json')).catch(() => undefined);
        const version = typeof installed?.version === 'string' && installed.version ? installed.version : range;
        const native = (await isDirectory((0,external_node_path_.join)(packageDir, 'android'))) || (await isDirectory((0,external_node_path_.join)(packageDir, 'ios')));
        return { name, version, requested_version: range, native };
    }
    return undefined;
}
async function isDirectory(path) {
    try {
        return (await (0,promises_.stat)(path)).isDirectory();
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/publish/capgo/session.ts






/** TUS chunks are capped here even when the server takes more, so a dropped connection loses little. */
const MAX_TUS_CHUNK_BYTES = 16 * 1024 * 1024;
/** Read-only checks: config, app exists (404 → clear message naming the app id and hinting at the token's permissions), version exists (fail → BundleError code 'version_exists' naming input `version-exists`), key id present. */
async function openCapgo(settings, bundle, logger, options = {}) {
    logger.secret(settings.token);
    requireKeyId(bundle);
    const network = options.network ?? { requestTimeoutMs: defaultCapgoTimings.requestTimeoutMs, guard: new cleanup/* RunGuard */.zO() };
    const client = new CapgoClient(settings, logger, { ...defaultCapgoTimings, requestTimeoutMs: network.requestTimeoutMs, ...options.timings }, network.guard.signal);
    const config = await client.config();
    const app = await client.app(bundle.appId);
    if (!app) {
        throw new errors/* BundleError */.rJ('app_not_found', `Capgo has no app ${bundle.appId}, or the capgo-token cannot see it: create it with "npx @capgo/cli app add ${bundle.appId}", or use an API key whose organisation owns the app and that has upload rights.`, 'app-id');
    }
    const exists = await client.versionExists(bundle.appId, bundle.version);
    if (exists && settings.versionExists === 'fail') {
        throw new errors/* BundleError */.rJ('version_exists', `Version ${bundle.version} of ${bundle.appId} already exists in Capgo, and versions are immutable: bump the version, or set version-exists: skip to succeed without changes.`, 'version-exists');
    }
    if (exists)
        logger.info(`Version ${bundle.version} of ${bundle.appId} already exists in Capgo; version-exists: skip leaves it unchanged.`);
    return new Session(client, settings, bundle, logger, app, config.useNewFinalizeBundleUpload, exists, network.guard);
}
function requireKeyId(bundle) {
    if (!bundle.keyId) {
        throw new errors/* BundleError */.rJ('key_id_missing', 'The bundle has no key id, so Capgo could not match it to the devices\' public key; check private-key.', 'private-key');
    }
}
/**
 * The server's advertised threshold is `maxChunkSize`: a file larger than one
 * TUS chunk is where a resumable upload pays off, and servers that force TUS
 * say so with `TUSUploadForced`. `never` is honoured even then: it is the
 * user's escape hatch when TUS is what breaks.
 */
function chooseUploadMethod(tus, files, size, logger) {
    if (tus === 'never')
        return 'put';
    if (!files.TUSUpload) {
        if (tus === 'always')
            logger.warning('This Capgo server does not offer TUS uploads; uploading with a single presigned PUT instead.');
        return 'put';
    }
    if (tus === 'always' || files.TUSUploadForced)
        return 'tus';
    return files.maxChunkSize > 0 && size > files.maxChunkSize ? 'tus' : 'put';
}
function tusChunkSize(files) {
    return files.maxChunkSize > 0 ? Math.min(files.maxChunkSize, MAX_TUS_CHUNK_BYTES) : MAX_TUS_CHUNK_BYTES;
}
class Session {
    client;
    settings;
    bundle;
    logger;
    app;
    newFinalize;
    versionExists;
    guard;
    progress = { kind: 'hosted', row: 'none', fileStored: false, finalized: false, linked: [] };
    remains = false;
    constructor(client, settings, bundle, logger, app, newFinalize, versionExists, guard) {
        this.client = client;
        this.settings = settings;
        this.bundle = bundle;
        this.logger = logger;
        this.app = app;
        this.newFinalize = newFinalize;
        this.versionExists = versionExists;
        this.guard = guard;
    }
    /** True once an external row may exist (so the file it points at must stay), or after a clean-up that left a row. */
    get rowMayRemain() {
        return this.remains || (this.progress.kind === 'external' && this.progress.row !== 'none');
    }
    skipExisting() {
        const { appId, version } = this.bundle;
        return {
            registered: true,
            skipped: true,
            channels: [],
            destination: `Capgo: ${appId} ${version} already existed; left unchanged (version-exists: skip)`,
        };
    }
    async publishHosted({ dryRun }) {
        if (this.versionExists)
            return this.skipExisting();
        const files = await this.client.filesConfig();
        this.checkSize(files);
        const method = chooseUploadMethod(this.settings.tus, files, this.bundle.bundleSize, this.logger);
        const row = await this.versionRow({ storage_provider: 'r2-direct' });
        if (dryRun) {
            this.describeWrites(row, [this.uploadDescription(method), this.finalizeDescription()]);
            return this.dryRunResult(`Capgo Cloud ${this.bundle.appId} ${this.bundle.version}`);
        }
        const versionId = await this.withCleanup(row, async () => {
            await this.upload(method, files);
            this.progress.fileStored = true;
            await this.finalize(row);
            this.progress.finalized = true;
            await this.setChannels();
        });
        return this.result(versionId, `Capgo Cloud ${this.bundle.appId} ${this.bundle.version}`);
    }
    async registerExternal(externalUrl, { dryRun }) {
        if (this.versionExists)
            return this.skipExisting();
        const row = await this.versionRow({ storage_provider: 'external', external_url: externalUrl });
        if (dryRun) {
            this.describeWrites(row, []);
            return this.dryRunResult(`Capgo ${this.bundle.appId} ${this.bundle.version} (external)`);
        }
        this.progress.kind = 'external';
        this.progress.externalUrl = externalUrl;
        const versionId = await this.withCleanup(row, () => this.setChannels());
        return { ...this.result(versionId, `Capgo ${this.bundle.appId} ${this.bundle.version} (external)`), bundleUrl: externalUrl };
    }
    checkSize(files) {
        const { bundleSize } = this.bundle;
        if (files.maxUploadLength > 0 && bundleSize > files.maxUploadLength) {
            throw new errors/* BundleError */.rJ('bundle_too_large', `The encrypted bundle is ${megabytes(bundleSize)}, above the ${megabytes(files.maxUploadLength)} this Capgo server accepts: remove large assets from the build, or publish to your own storage (storage: s3).`, 'storage');
        }
    }
    async versionRow(storage) {
        const { bundle, settings } = this;
        const [userId, nativePackages] = await Promise.all([this.client.actorUserId(), readNativePackages(settings.projectDir, this.logger)]);
        return {
            name: bundle.version,
            app_id: bundle.appId,
            session_key: bundle.ivSessionKey,
            checksum: bundle.checksum,
            key_id: bundle.keyId,
            storage_provider: storage.storage_provider,
            owner_org: this.app.owner_org,
            user_id: userId,
            native_packages: nativePackages,
            link: settings.link ?? null,
            comment: settings.comment ?? null,
            ...(settings.minUpdateVersion ? { min_update_version: settings.minUpdateVersion } : {}),
            ...(storage.external_url ? { external_url: storage.external_url } : {}),
        };
    }
    /**
     * Creates the row, runs `rest`, and on a failure (or a cancel) removes what
     * can be removed: delete_failed_version deletes only a row still
     * `r2-direct` whose file never arrived. Anything else stays, and the error
     * says what remains and the one thing to do. An insert whose outcome is
     * unknown (no answer, or a 5xx) counts as a row that may exist.
     */
    async withCleanup(row, rest) {
        const dropUndo = this.guard.add(`version ${row.name} in Capgo`, (signal) => this.cleanUp(signal));
        let versionId;
        try {
            this.progress.row = 'maybe';
            try {
                versionId = (await this.client.upsertVersion(row)).id;
            }
            catch (error) {
                if (!insertMayHaveLanded(error))
                    this.progress.row = 'none';
                throw error;
            }
            this.progress.row = 'created';
            this.logger.info(`Created version ${row.name} of ${row.app_id} in Capgo${versionId ? ` (id ${versionId})` : ''}`);
            await rest();
        }
        catch (error) {
            // Cancelled: the guard runs cleanUp and reports; the run's only message is that report.
            if (this.guard.signal.aborted)
                throw error;
            dropUndo();
            throw await this.afterFailure(error);
        }
        dropUndo();
        return versionId;
    }
    /** Returns the error to throw: the original, with what the clean-up did and what remains added to its message. */
    async afterFailure(cause) {
        const original = cause instanceof errors/* BundleError */.rJ ? cause : new errors/* BundleError */.rJ('capgo_publish_failed', `Publishing to Capgo failed: ${this.client.scrub((0,errors/* describeError */.Uc)(cause))}`);
        const outcome = await this.cleanUp();
        if (outcome.cleaned)
            this.logger.info(`Capgo: ${outcome.cleaned}, so no version row points at a missing file.`);
        if (outcome.left)
            this.logger.warning(`Capgo: ${outcome.left}.`);
        const said = [outcome.cleaned ? `Capgo: ${outcome.cleaned}; fix the cause and run again.` : '', outcome.left ? `Capgo: ${outcome.left}.` : ''].filter(Boolean).join(' ');
        return new errors/* BundleError */.rJ(original.code, said ? `${original.message} ${said}` : original.message, original.input);
    }
    /** Removes what delete_failed_version can remove, and says truly what stays (capgo-api.md, "What delete_failed_version really deletes"). */
    async cleanUp(signal) {
        const { appId, version } = this.bundle;
        const progress = this.progress;
        if (progress.row === 'none')
            return {};
        const linked = progress.linked.length ? `linked to channel ${progress.linked.join(', ')}` : 'linked to no channel';
        // Capgo keeps a version name taken even after the version is deleted in its console (exist_app_versions ignores `deleted`).
        const bump = `bump version and run again (${version} stays taken in Capgo even once deleted in its console)`;
        const check = `check the Capgo console: if ${version} is listed, bump version before running again`;
        if (progress.kind === 'external') {
            if (progress.row === 'maybe') {
                const exists = await this.client.versionExists(appId, version, signal).catch(() => undefined);
                if (exists === false) {
                    progress.row = 'none';
                    return {};
                }
            }
            this.remains = true;
            const may = progress.row === 'maybe' ? 'may remain' : 'stays';
            return { left: `version ${version} ${may} in Capgo as an external version pointing at ${progress.externalUrl}, ${linked} (delete_failed_version cannot remove external versions): ${bump}` };
        }
        if (progress.finalized) {
            this.remains = true;
            const missing = this.settings.channels.filter((channel) => !progress.linked.includes(channel));
            const todo = missing.length ? `point channel ${missing.join(', ')} at it in the Capgo console` : bump;
            return { left: `version ${version} stays in Capgo, finalized with its file, ${linked}: ${todo}` };
        }
        if (progress.fileStored) {
            this.remains = true;
            return { left: `version ${version} stays in Capgo with its file stored but not finalized, ${linked} (delete_failed_version refuses once the file is stored): ${bump}` };
        }
        try {
            const answer = await this.client.deleteFailedVersion(appId, version, signal);
            if (answer === 'deleted')
                return { cleaned: `deleted version ${version} from Capgo again (its file never arrived)` };
            if (answer === 'already_deleted') {
                if (progress.row === 'maybe')
                    return {};
                this.remains = true;
                return { left: `version ${version} may remain in Capgo (delete_failed_version found no unfinished row of that name): ${check}` };
            }
            this.remains = true;
            return { left: `version ${version} stays in Capgo with its file stored but not finalized (delete_failed_version refuses once the file is stored): ${bump}` };
        }
        catch (error) {
            this.remains = true;
            const reason = error instanceof CapgoRequestError && error.status === 404
                ? 'delete_failed_version answered 404: user or app not found for this capgo-token'
                : error instanceof CapgoRequestError && (error.status === 401 || error.status === 403)
                    ? 'the capgo-token may not delete bundles (bundle.delete)'
                    : `deleting it failed: ${(0,errors/* describeError */.Uc)(error)}`;
            return { left: `version ${version} may remain in Capgo, ${linked} (${reason}): ${check}` };
        }
    }
    async upload(method, files) {
        const { bundle } = this;
        if (method === 'tus') {
            this.logger.info(`Uploading ${bundle.fileName} (${megabytes(bundle.bundleSize)}) to Capgo with TUS (resumable)`);
            await this.client.tusUpload({
                file: bundle.path,
                size: bundle.bundleSize,
                chunkSize: tusChunkSize(files),
                metadata: { filename: `orgs/${this.app.owner_org}/apps/${bundle.appId}/${bundle.version}.zip`, filetype: 'application/zip' },
            });
        }
        else {
            this.logger.info(`Uploading ${bundle.fileName} (${megabytes(bundle.bundleSize)}) to Capgo`);
            const url = await this.client.uploadLink(bundle.appId, bundle.version);
            await this.client.putFile(url, bundle.path, bundle.bundleSize);
        }
    }
    /** The server says which finalize it expects; the legacy one repeats the upsert with the final storage provider. */
    async finalize(row) {
        if (this.newFinalize) {
            await this.client.finalize(this.bundle.appId, this.bundle.version);
        }
        else {
            await this.client.upsertVersion({ ...row, storage_provider: 'r2', manifest: null }, `finalizing version ${row.name}`);
        }
        this.logger.info(`Finalized version ${this.bundle.version} in Capgo`);
    }
    /** One call per channel, in the order given; a failure stops the rest (and the version is deleted). */
    async setChannels() {
        for (const channel of this.settings.channels) {
            await this.client.setChannel(this.bundle.appId, channel, this.bundle.version);
            this.progress.linked.push(channel);
            this.logger.info(`Channel ${channel} now serves ${this.bundle.version}`);
        }
    }
    uploadDescription(method) {
        const target = method === 'tus' ? `TUS to ${this.client.endpoints.files}/files/upload/attachments/` : `a presigned PUT from ${this.client.endpoints.files}/files/upload_link`;
        return `upload ${this.bundle.fileName} (${this.bundle.bundleSize} bytes) by ${target}`;
    }
    finalizeDescription() {
        return this.newFinalize
            ? `finalize with POST ${this.client.endpoints.api}/private/finalize_bundle_upload`
            : 'finalize by upserting the version row again with storage_provider "r2"';
    }
    describeWrites(row, steps) {
        this.logger.info(`Dry run: would create the Capgo version row ${JSON.stringify(row)}`);
        for (const step of steps)
            this.logger.info(`Dry run: would ${step}`);
        for (const channel of this.settings.channels)
            this.logger.info(`Dry run: would set channel ${channel} to ${this.bundle.version}`);
    }
    dryRunResult(target) {
        return { registered: false, skipped: false, channels: [...this.settings.channels], destination: `dry run: ${target}${channelNote(this.settings.channels)}` };
    }
    result(versionId, target) {
        return { versionId, registered: true, skipped: false, channels: [...this.settings.channels], destination: `${target}${channelNote(this.settings.channels)}` };
    }
}
function insertMayHaveLanded(error) {
    return error instanceof CapgoRequestError && (error.status === undefined || error.status >= 500);
}
function channelNote(channels) {
    return channels.length ? `, channels ${channels.join(', ')}` : '';
}
function megabytes(bytes) {
    return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// EXTERNAL MODULE: ./src/publish/verify-stored.ts
var verify_stored = __nccwpck_require__(7900);
;// CONCATENATED MODULE: ./src/publish/index.ts




/** The storage backends, by `storage` value. They load lazily so a `local` or `capgo` run never pays for the AWS SDK. */
const backends = {
    s3: async (settings, logger, network) => (await Promise.all(/* import() */[__nccwpck_require__.e(358), __nccwpck_require__.e(921)]).then(__nccwpck_require__.bind(__nccwpck_require__, 1921))).createS3Storage(settings, logger, {}, network),
    url: async (settings, logger, network) => (await __nccwpck_require__.e(/* import() */ 95).then(__nccwpck_require__.bind(__nccwpck_require__, 3095))).createHttpPutStorage(settings, logger, {}, network),
};
/** request-timeout's default, in milliseconds. */
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
function createBackend(settings, logger, network = { requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS, guard: new cleanup/* RunGuard */.zO() }) {
    const factory = backends[settings.kind];
    return factory(settings, logger, network);
}
const realSeams = { createBackend, openCapgo: (settings, bundle, logger, network) => openCapgo(settings, bundle, logger, { network }) };
/** Removes a stored object nothing refers to, or says that it stays; a backend that cannot delete (a presigned PUT) only says so. */
function discardStored(backend, stored, signal) {
    if (backend.discard)
        return backend.discard(stored, signal);
    return Promise.resolve({ left: `${stored.label ?? stored.url} keeps the file of this run, registered nowhere (a presigned PUT cannot delete it): delete it, or let the next run's PUT replace it` });
}
/**
 * The publish stage. Every read-only check (Capgo app and version, storage
 * target) runs before the first write, so a refusal leaves nothing behind.
 */
async function publish(plan, bundle, logger, seams = realSeams, guard = new cleanup/* RunGuard */.zO()) {
    const { storage, dryRun } = plan;
    const network = { requestTimeoutMs: plan.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, guard };
    if (storage.kind === 'local') {
        return { registered: false, skipped: false, channels: [], destination: `kept at ${bundle.path}` };
    }
    if (storage.kind === 'capgo') {
        const capgo = await seams.openCapgo(storage, bundle, logger, network);
        if (!dryRun && !capgo.versionExists)
            await (0,verify_stored/* requirePackedFile */.OX)(bundle);
        return capgo.publishHosted({ dryRun });
    }
    const capgo = storage.registerWith ? await seams.openCapgo(storage.registerWith, bundle, logger, network) : undefined;
    if (capgo?.versionExists) {
        return capgo.skipExisting();
    }
    const backend = await seams.createBackend(storage, logger, network);
    const target = await backend.check(bundle);
    if (dryRun) {
        logger.info(`Dry run: would upload ${bundle.fileName} to ${target.key} (${storage.kind}), public URL ${target.url}`);
        const registration = capgo ? await capgo.registerExternal(target.url, { dryRun: true }) : undefined;
        return {
            bundleUrl: target.url,
            storageKey: target.key,
            registered: false,
            skipped: false,
            channels: registration?.channels ?? [],
            destination: `dry run: ${storage.kind} ${target.key}`,
        };
    }
    await (0,verify_stored/* requirePackedFile */.OX)(bundle);
    const stored = await backend.put(bundle);
    logger.info(`Stored ${bundle.fileName} at ${stored.key}`);
    if (!capgo) {
        return { bundleUrl: stored.url, storageKey: stored.key, registered: false, skipped: false, channels: [], destination: `${storage.kind} ${stored.key}` };
    }
    // Stored, not yet registered: a cancel removes the object unless a version row already points at it.
    const label = stored.label ?? stored.url;
    const dropUndo = guard.add(`the object ${label}`, (signal) => capgo.rowMayRemain ? Promise.resolve({ left: `${label} stays: Capgo version ${bundle.version} may point at it` }) : discardStored(backend, stored, signal));
    try {
        const registration = await capgo.registerExternal(stored.url, { dryRun: false });
        dropUndo();
        return { ...registration, bundleUrl: stored.url, storageKey: stored.key, destination: `${storage.kind} ${stored.key}, registered with Capgo` };
    }
    catch (error) {
        if (guard.signal.aborted)
            throw error;
        dropUndo();
        // A row that may remain points at the object, so it stays; with no row, nothing refers to it and it goes.
        const outcome = capgo.rowMayRemain ? { left: `${label} stays, as Capgo version ${bundle.version} points at it` } : await discardStored(backend, stored);
        const note = outcome.cleaned ? `The bundle was stored but not registered, so ${outcome.cleaned}.` : `The bundle was stored but not registered: ${outcome.left}.`;
        if (outcome.left)
            logger.warning(note);
        if (!(error instanceof errors/* BundleError */.rJ))
            throw error;
        throw new errors/* BundleError */.rJ(error.code, `${error.message} ${note}`, error.input);
    }
}

;// CONCATENATED MODULE: ./src/pipeline.ts








async function timed(work) {
    const started = performance.now();
    const value = await work();
    return [value, Math.round(performance.now() - started)];
}
/**
 * pack → verify → publish, shared by the action and the CLI. On any failure
 * the encrypted file goes, and the output directory too if this run made it;
 * when `guard` is cancelled (SIGINT/SIGTERM) its undo does the same, partial
 * files included.
 */
async function runPipeline(plan, logger, guard = new cleanup/* RunGuard */.zO()) {
    const outputDirExisted = await (0,promises_.stat)(plan.outputDir).then(() => true, () => false);
    let bundle;
    const dropUndo = guard.add(`the files of this run in ${plan.outputDir}`, () => removeRunFiles(plan.outputDir, bundleFileName(plan.appId, plan.version), bundle !== undefined, outputDirExisted));
    try {
        const [packed, packMs] = await timed(() => packBundle({ buildDir: plan.buildDir, appId: plan.appId, version: plan.version, outputDir: plan.outputDir, key: plan.key, checksumFormat: plan.checksum.format, files: plan.build.files }, logger));
        bundle = packed;
        guard.throwIfCancelled();
        logger.info(`Packed ${packed.fileCount} files: zip ${packed.zipSize} bytes, encrypted ${packed.bundleSize} bytes (${packMs} ms)`);
        let verifyMs;
        if (plan.verify) {
            const [verified, ms] = await timed(() => (0,verify/* verifyBundle */.I)({ file: packed.path, ivSessionKey: packed.ivSessionKey, checksum: packed.checksum, publicKey: plan.key.publicPem }));
            verifyMs = ms;
            logger.info(`Verified as a device would: decrypts, checksum (${packed.checksumFormat.toUpperCase()}) matches, all ${verified.entries} entries unpack (${verifyMs} ms)`);
        }
        guard.throwIfCancelled();
        const [published, publishMs] = await timed(() => publish(plan, packed, logger, undefined, guard));
        dropUndo();
        return { bundle: packed, publish: published, signer: plan.key.signer.kind, timings: { pack: packMs, verify: verifyMs, publish: publishMs } };
    }
    catch (error) {
        dropUndo();
        if (bundle)
            await (0,promises_.rm)(bundle.path, { force: true });
        if (!outputDirExisted)
            await removeIfEmpty(plan.outputDir);
        throw error;
    }
}
/** The undo of a cancelled run: its half-written `.partial` files, its bundle once packed, the output directory if this run made it. */
async function removeRunFiles(outputDir, fileName, packed, outputDirExisted) {
    const names = (await (0,promises_.readdir)(outputDir).catch(() => [])).filter((name) => (name.startsWith(`.${fileName}.`) && name.endsWith('.partial')) || (packed && name === fileName));
    await Promise.all(names.map((name) => (0,promises_.rm)((0,external_node_path_.join)(outputDir, name), { force: true })));
    if (!outputDirExisted)
        await removeIfEmpty(outputDir);
    return names.length ? { cleaned: `removed ${names.length === 1 ? 'the bundle file' : `${names.length} bundle files`} of this run from ${outputDir}` } : {};
}
async function removeIfEmpty(dir) {
    const entries = await (0,promises_.readdir)(dir).catch(() => undefined);
    if (entries && entries.length === 0)
        await (0,promises_.rmdir)(dir).catch(() => undefined);
}
/** The whole job from raw inputs: what both the action and `capgo-bundle run` do. */
async function runFromInputs(read, logger, env = process.env, cwd = process.cwd(), guard = new cleanup/* RunGuard */.zO()) {
    const started = performance.now();
    const inputs = getInputs(read, logger, env);
    const plan = await makePlan(inputs, environmentFrom(env, cwd), logger);
    const planMs = Math.round(performance.now() - started);
    logger.info(`Bundling ${plan.appId} ${plan.version} from ${plan.buildDir} (${plan.build.files.length} files, checksum ${plan.checksum.format.toUpperCase()}: ${plan.checksum.reason})`);
    guard.throwIfCancelled();
    const result = await runPipeline(plan, logger, guard);
    logger.info(`Done: ${result.publish.destination}`);
    return { plan, result, planMs };
}
/** The step outputs, by action.yml name; the CLI prints the same record with --json. */
function outputsOf({ bundle, publish, signer }) {
    return {
        ivSessionKey: bundle.ivSessionKey,
        'iv-session-key': bundle.ivSessionKey,
        checksum: bundle.checksum,
        'checksum-sha256': bundle.sha256,
        'checksum-format': bundle.checksumFormat,
        'key-id': bundle.keyId,
        'bundle-path': bundle.path,
        'bundle-url': publish.bundleUrl ?? '',
        'bundle-size': String(bundle.bundleSize),
        'zip-size': String(bundle.zipSize),
        version: bundle.version,
        'app-id': bundle.appId,
        'storage-key': publish.storageKey ?? '',
        'version-id': publish.versionId ?? '',
        signer: signer ?? '',
    };
}

;// CONCATENATED MODULE: ./src/cli/commands/run.ts





const run_flag = (name, description, value = 'value') => ({ name, type: 'string', value, description });
const switchFlag = (name, description) => ({ name, type: 'switch', description });
/** Every input of action.yml, under its own name (a test holds the two lists equal). */
const ACTION_INPUT_FLAGS = [
    run_flag('path', 'Build folder (default: webDir of the capacitor config, else dist).', 'dir'),
    { ...run_flag('exclude', 'Glob relative to --path to leave out of the bundle (* matches dot names; a folder leaves out all below); repeatable.', 'glob'), multiple: true },
    run_flag('private-key', `PEM private key text (prefer ${PRIVATE_KEY_ENV} or --private-key-path: argv is visible to other users).`, 'pem'),
    run_flag('private-key-path', `Private key file (default: ${PRIVATE_KEY_ENV}, else ./${PRIVATE_KEY_FILE}).`, 'path'),
    run_flag('app-id', 'App id (default: appId of the capacitor config).', 'id'),
    run_flag('version', 'Bundle version; a leading v is stripped (default: package.json version).', 'semver'),
    run_flag('capacitor-config', 'Capacitor config file.', 'path'),
    run_flag('checksum-format', 'auto, v3 or v2.', 'format'),
    run_flag('storage', 'capgo, s3, url or local (default capgo).', 'kind'),
    run_flag('output-dir', 'Where the encrypted zip is written (default: a folder in the temp directory).', 'dir'),
    switchFlag('verify', 'Verify the bundle as a device would before publishing (default true).'),
    switchFlag('dry-run', 'Everything except publishing.'),
    switchFlag('require-notify-app-ready', 'Fail when no .js file calls notifyAppReady (default true).'),
    switchFlag('allow-key-mismatch', "During a key rotation: warn instead of failing when the private key is not the config's public key."),
    run_flag('s3-bucket', 'Bucket, for storage s3.', 'name'),
    run_flag('s3-region', 'Bucket region (default us-east-1).', 'region'),
    run_flag('s3-endpoint', 'Endpoint of an S3-compatible service.', 'url'),
    switchFlag('s3-force-path-style', 'Path-style addressing.'),
    run_flag('s3-key', 'Object key template: {appId}, {version}, {sha256}.', 'template'),
    run_flag('s3-cache-control', 'Cache-Control of the object.'),
    run_flag('s3-access-key-id', 'Access key id (default: the AWS credential chain).', 'id'),
    run_flag('s3-secret-access-key', 'Secret access key.', 'secret'),
    run_flag('upload-url', 'Presigned PUT URL, for storage url.', 'url'),
    run_flag('upload-headers', 'Extra PUT headers, "Name: value" per line.', 'headers'),
    run_flag('public-url', 'https URL template devices download from.', 'template'),
    switchFlag('allow-insecure-public-url', 'Allow http:// public-url (tests only).'),
    switchFlag('overwrite', 'Replace an existing object with the same key.'),
    switchFlag('verify-upload', 'Download what was stored and verify it.'),
    switchFlag('register', 'With custom storage and a token, register the bundle with Capgo (default true).'),
    run_flag('capgo-token', 'Capgo API key (default: CAPGO_TOKEN).', 'token'),
    run_flag('capgo-api-url', 'Capgo API base URL.', 'url'),
    run_flag('capgo-files-url', 'Capgo files base URL.', 'url'),
    run_flag('capgo-supabase-url', 'Self-hosted Capgo Supabase URL.', 'url'),
    run_flag('capgo-supabase-anon-key', 'Self-hosted Capgo Supabase anon key.', 'key'),
    run_flag('channel', 'Channels to point at the bundle, comma-separated.', 'names'),
    run_flag('version-exists', 'fail or skip.', 'mode'),
    run_flag('comment', 'Comment stored with the version.', 'text'),
    run_flag('link', 'Link stored with the version.', 'url'),
    run_flag('min-update-version', 'Minimal native version for this bundle.', 'version'),
    run_flag('tus-upload', 'auto, always or never.', 'mode'),
    run_flag('request-timeout', 'Seconds a request may go without progress before it is retried (default 60).', 'seconds'),
    run_flag('signer', 'key (default), pkcs11, gcp-kms or command.', 'kind'),
    run_flag('public-key', "PEM public key of the signing key (default: what the signer reports, else the config's).", 'pem'),
    run_flag('pkcs11-module', 'signer pkcs11: PKCS#11 library path.', 'path'),
    run_flag('pkcs11-token-label', 'signer pkcs11: token label.', 'label'),
    run_flag('pkcs11-slot', 'signer pkcs11: slot number, instead of the token label.', 'n'),
    run_flag('pkcs11-key-label', 'signer pkcs11: private key label.', 'label'),
    run_flag('pkcs11-key-id', 'signer pkcs11: private key id (hex), instead of the label.', 'hex'),
    run_flag('pkcs11-pin', 'signer pkcs11: user PIN (prefer the CAPGO_PKCS11_PIN variable: argv is visible to other users).', 'pin'),
    run_flag('gcp-kms-key', 'signer gcp-kms: projects/…/cryptoKeyVersions/N.', 'name'),
    run_flag('gcp-kms-endpoint', 'signer gcp-kms: Cloud KMS endpoint.', 'url'),
    run_flag('signer-command', 'signer command: program and arguments, one per line.', 'lines'),
];
const run = {
    spec: {
        brief: 'Run the whole GitHub Action from a terminal, inputs as flags',
        name: 'run',
        summary: 'The whole action from a terminal: plan, pack, verify, publish, on the same code path as the GitHub Action, with each action input as a flag of the same name.',
        usage: `${BIN} run [--path dist] [--storage local] [--<action input> value ...] [--json]`,
        positionals: [],
        options: ACTION_INPUT_FLAGS,
        details: `Values mean what the action's inputs mean (INPUT_* semantics): booleans are true/false
(--dry-run alone means true, --no-verify false), lists are comma-separated.
Terminal defaults the action does not have: the private key may come from ${PRIVATE_KEY_ENV} or
./${PRIVATE_KEY_FILE}, and relative paths start at the current directory (never GITHUB_WORKSPACE).
--json prints the action's outputs by name.
Example: ${BIN} run --storage local --output-dir out --json`,
    },
    async run(context) {
        const values = {};
        for (const option of ACTION_INPUT_FLAGS) {
            const value = context.values[option.name];
            if (typeof value === 'string')
                values[option.name] = value;
        }
        if (!values['private-key'] && !values['private-key-path'] && (values.signer ?? 'key') === 'key')
            Object.assign(values, defaultPrivateKey(context));
        // Relative paths start at the current directory, also inside a workflow step run from a subfolder.
        const env = { ...context.env, GITHUB_WORKSPACE: '' };
        // Ctrl-C (SIGINT) or SIGTERM: undo what this run created, print one line, exit 130/143.
        const guard = new cleanup/* RunGuard */.zO();
        const stopListening = (0,cleanup/* exitOnSignals */.Lx)(guard, { report: (line) => context.logger.info(`error: ${line}`), exit: (code) => process.exit(code) });
        let run;
        try {
            run = await runFromInputs((name) => values[name] ?? '', context.logger, env, context.cwd, guard);
        }
        catch (error) {
            // The signal handler prints the one report line and exits; nothing else may print.
            if (guard.cancelled)
                await new Promise(() => undefined);
            throw error;
        }
        finally {
            if (!guard.cancelled)
                stopListening();
        }
        const { result } = run;
        const outputs = outputsOf(result);
        return { json: outputs, text: Object.entries(outputs).map(([name, value]) => `${name}: ${value}`) };
    },
};

;// CONCATENATED MODULE: ./src/cli/commands/verify.ts



const verify_verify = {
    spec: {
        brief: 'Exit 0 if devices would accept a bundle, 1 naming the check they would fail',
        name: 'verify',
        summary: 'Check an encrypted bundle exactly as a device would, writing nothing: exit 0 when devices accept it, 1 with the failure devices report (decrypt_fail, checksum_fail, unzip_fail) when they would not.',
        usage: `${BIN} verify <file> <ivSessionKey> --checksum <signed> [--key pub | --key-data pem] [--json]`,
        positionals: [
            { name: 'file', required: true, description: 'The encrypted zip, as devices download it.' },
            { name: 'ivSessionKey', required: true, description: 'base64(IV):base64(session key).' },
        ],
        options: [...PUBLIC_KEY_OPTIONS, { name: 'checksum', type: 'string', value: 'signed', description: 'The signed checksum devices receive (required).' }],
        details: `Without --key the public key is the one devices carry: plugins.CapacitorUpdater.publicKey of the
capacitor config here, else ./.capgo_key_v2.pub.`,
    },
    async run(context) {
        const checksum = str(context, 'checksum');
        if (!checksum)
            throw new UsageError('missing --checksum');
        const { file, key, keyId } = await bundleAndKey(context, ['config', 'file']);
        try {
            const result = await (0,verify/* verifyBundle */.I)({ file, ivSessionKey: context.positionals[1], checksum, publicKey: key.text });
            return {
                json: { accepted: true, checksum: result.sha256, checksumFormat: result.checksumFormat, zipSize: result.zipSize, keyId },
                text: [
                    `Devices would accept this bundle: the session key decrypts with ${key.source} (key id ${keyId}), the ${result.checksumFormat?.toUpperCase()} checksum matches SHA-256 ${result.sha256}, and it unzips.`,
                ],
            };
        }
        catch (error) {
            if (!(error instanceof verify/* DeviceRejection */._))
                throw error;
            return {
                json: { accepted: false, reason: error.reason, error: error.code, message: error.message, keyId },
                text: [],
                exitCode: 1,
                error: `${error.message} (public key: ${key.source}, key id ${keyId})`,
            };
        }
    },
};

;// CONCATENATED MODULE: ./src/cli/commands/zip.ts









const zip = {
    spec: {
        brief: 'Zip a web build reproducibly; --json gives {bundle, filename, checksum}',
        name: 'zip',
        summary: 'Zip a web build reproducibly (same files, same bytes, same checksum) with every file at the root, as devices expect.',
        usage: `${BIN} zip [appId] [--path dist] [--bundle version] [--name file] [--json]`,
        positionals: [{ name: 'appId', required: false, description: 'App id (default: appId of the capacitor config here).' }],
        options: [
            { name: 'path', short: 'p', type: 'string', value: 'dir', description: 'Build folder (default: webDir of the capacitor config).' },
            { name: 'bundle', short: 'b', type: 'string', value: 'version', description: 'Bundle version (default: version of package.json); names the zip.' },
            { name: 'name', short: 'n', type: 'string', value: 'file', description: 'Zip file to write (default: {appId}_{version}.zip).' },
            { name: 'ignore-notify-app-ready', type: 'boolean', description: 'Only warn when no .js file calls notifyAppReady() (devices would roll back).' },
            { name: 'no-code-check', type: 'boolean', description: 'Same as --ignore-notify-app-ready; index.html at the root is still required.' },
            { name: 'key-v2', type: 'boolean', description: 'Accepted for compatibility: the checksum is always SHA-256.' },
            { name: 'package-json', type: 'string', value: 'paths', description: 'Accepted for compatibility; not needed here.' },
            { name: 'exclude', type: 'string', value: 'glob', multiple: true, description: 'Glob relative to --path to leave out (* matches dot names; a folder leaves out all below); repeatable.' },
        ],
        details: `--json prints {bundle, filename, checksum}, as "@capgo/cli bundle zip --json" does.
Next: ${BIN} encrypt <filename> <checksum>`,
    },
    async run(context) {
        for (const name of ['path', 'name', 'package-json'])
            refuseKeyTextAsPath(name, str(context, name) ?? '', context.logger, `--key-data or ${PRIVATE_KEY_ENV}`);
        const configPath = await findCapacitorConfig(context.cwd);
        const config = configPath ? await readCapacitorConfig(configPath) : undefined;
        const appId = context.positionals[0] ?? config?.appId;
        if (!appId)
            throw new UsageError('missing [appId]: pass it, or run where a capacitor config with appId is');
        const version = await versionOf(str(context, 'bundle'), context.cwd);
        const pathFlag = str(context, 'path');
        const buildDir = pathFlag ? (0,external_node_path_.resolve)(context.cwd, pathFlag) : config && webDirOf(config);
        if (!buildDir)
            throw new UsageError('missing --path: no capacitor config with webDir here');
        const lenient = context.values['ignore-notify-app-ready'] === true || context.values['no-code-check'] === true;
        const exclude = (str(context, 'exclude') ?? '').split('\n').filter(Boolean);
        const build = await checkBuild(buildDir, !lenient, context.logger, { exclude }).catch((error) => {
            if ((0,errors/* isBundleError */.VU)(error) && error.code === 'notify_app_ready_missing') {
                throw new errors/* BundleError */.rJ(error.code, error.message.replace(/\(set require-notify-app-ready[^)]*\)/, '(pass --ignore-notify-app-ready to only warn)'), 'ignore-notify-app-ready');
            }
            throw error;
        });
        const filename = str(context, 'name') ?? `${appId}_${version}.zip`;
        const written = await writeZipFile(build.files, (0,external_node_path_.resolve)(context.cwd, filename));
        context.logger.info(`Zipped ${build.files.length} files from ${buildDir}: ${written.size} bytes`);
        return {
            json: { bundle: version, filename, checksum: written.sha256 },
            text: [`${filename}`, `checksum (SHA-256): ${written.sha256}`, `Next: ${BIN} encrypt ${filename} ${written.sha256}`],
        };
    },
};
async function versionOf(given, dir) {
    if (given)
        return normaliseVersion(given, '--bundle');
    // join, not resolve(cwd, ...): ncc's asset relocator rewrites the latter into a path inside the bundle.
    const path = (0,external_node_path_.join)(dir, 'package.json');
    const manifest = await (0,promises_.readFile)(path, 'utf8').then((text) => JSON.parse(text), () => undefined);
    if (typeof manifest?.version !== 'string')
        throw new UsageError('missing --bundle: no package.json with a version here');
    return normaliseVersion(manifest.version, `version of ${path}`);
}

;// CONCATENATED MODULE: ./src/cli/index.ts










const COMMANDS = [keyCreate, keySave, zip, encrypt, decrypt, verify_verify, doctor, run];
// exitCode rather than exit(): stdout is a pipe in scripts and must drain first.
void runCli(COMMANDS, process.argv.slice(2), { ...processStreams, cwd: process.cwd(), env: process.env }).then((code) => {
    process.exitCode = code;
});

