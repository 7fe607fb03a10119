import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

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

/***/ 6885:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ withRequestSignal),
/* harmony export */   u: () => (/* binding */ onAbort)
/* harmony export */ });
/**
 * Runs `action` once `signal` aborts, through ONE 'abort' listener per
 * signal however many callers wait on it. The run's signal is shared by every
 * request in flight: 16 delta uploads (or 16 retries pausing at once) adding
 * a listener each went past EventTarget's threshold of 10, and Node printed a
 * MaxListenersExceededWarning ("possible memory leak") on every delta run.
 * Raising the signal's limit would hide a real leak; this keeps one listener.
 *
 * Returns a function that forgets `action` (call it when the work is over).
 * A signal that has already aborted fires no event: callers check `aborted`
 * first, as they would with addEventListener.
 */
const waiting = new WeakMap();
function onAbort(signal, action) {
    if (!signal)
        return () => undefined;
    let actions = waiting.get(signal);
    if (!actions) {
        const registered = new Set();
        actions = registered;
        waiting.set(signal, registered);
        signal.addEventListener('abort', () => {
            waiting.delete(signal);
            for (const each of [...registered])
                each();
        }, { once: true });
    }
    const set = actions;
    set.add(action);
    return () => void set.delete(action);
}
/**
 * Runs one request with an abort signal of its own, aborted with `signal`
 * (and its reason) through onAbort's one listener, and forgotten when `run`
 * settles. The AWS SDK adds listeners of its own to the signal of every
 * request it sends: requests in flight together on the run's signal (8 parts
 * of an overlapped upload, 16 verify-upload downloads of delta files) went
 * past the threshold and printed a MaxListenersExceededWarning. `run` should
 * include reading the answer's body, which the signal also stops.
 */
async function withRequestSignal(signal, run) {
    if (signal.aborted)
        return run(AbortSignal.abort(signal.reason));
    const own = new AbortController();
    const forget = onAbort(signal, () => own.abort(signal.reason));
    try {
        return await run(own.signal);
    }
    finally {
        forget();
    }
}


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
/**
 * Recovers K from the second part of a session key; devices require a 256-byte
 * RSA value (OpenSSL would also take one written without its leading zero
 * bytes, iOS does not) and exactly 16 recovered bytes.
 */
function recoverSessionKey(publicKey, encryptedKey) {
    if (encryptedKey.length !== RSA_BLOCK_BYTES)
        throw new SessionKeyError(`encrypted session key is ${encryptedKey.length} bytes, devices need a ${RSA_BLOCK_BYTES}-byte RSA value`);
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
const PEM_ARMOUR = /-----(BEGIN|END) [A-Z0-9 ]+-----/g;
function pemBody(pem) {
    return pem.replace(PEM_ARMOUR, '').replace(/\s+/g, '');
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
        // One mask per line: a multi-line mask is not honoured on every runner. A line with key
        // material glued to the armour is masked without the armour, which is public.
        for (const line of form.split(/\r?\n|\\r\\n|\\n/)) {
            const trimmed = line.replace(PEM_ARMOUR, '').trim();
            if (trimmed.length >= 8)
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
    const { privateKey, publicKey } = (0,external_node_crypto_.generateKeyPairSync)('rsa', {
        modulusLength: REQUIRED_MODULUS_BITS,
        publicExponent: Number(PUBLIC_EXPONENT),
    });
    return {
        privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }),
        publicPem: publicKey.export({ type: 'pkcs1', format: 'pem' }),
    };
}


/***/ }),

/***/ 7317:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  xY: () => (/* binding */ LOOP_GARBAGE_BUDGET),
  _U: () => (/* binding */ collectAll),
  SW: () => (/* binding */ collectWhenGrown),
  p: () => (/* binding */ dropped),
  Dd: () => (/* binding */ keepYoungGenerationSmall)
});

;// CONCATENATED MODULE: external "node:v8"
const external_node_v8_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");
;// CONCATENATED MODULE: external "node:vm"
const external_node_vm_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:vm");
;// CONCATENATED MODULE: ./src/bundle/memory.ts


/**
 * Keeps peak memory flat while hundreds of MB stream through crypto.
 *
 * Each Cipher/Decipher.update() returns a fresh buffer that is garbage a
 * moment later. V8 frees it at its next young-generation collection, but the
 * streaming loop allocates almost nothing on the JavaScript heap, so that
 * collection comes late: on Node 24, measured, about 80 MB of spent output
 * buffers piled up (peak RSS 123 MB where the same loop with 1 MiB
 * Buffer.allocUnsafeSlow() chunks stays at 47 MB; 73 MB with this). A minor
 * collection after every GARBAGE_BUDGET bytes of such output frees them: a
 * few milliseconds each at most, one per 4 MiB. --expose-gc is set at run
 * time only to reach that collection; nothing else changes.
 */
const GARBAGE_BUDGET = 4 * 1024 * 1024;
let collect;
let pending = 0;
function collector() {
    if (collect === undefined) {
        try {
            const exposed = globalThis.gc;
            if (exposed)
                collect = exposed;
            else {
                (0,external_node_v8_namespaceObject.setFlagsFromString)('--expose-gc');
                collect = (0,external_node_vm_namespaceObject.runInNewContext)('gc');
            }
        }
        catch {
            collect = null;
        }
    }
    return collect;
}
/** Counts bytes of short-lived buffers just dropped; collects the young generation once they reach GARBAGE_BUDGET. */
function dropped(bytes) {
    pending += bytes;
    if (pending < GARBAGE_BUDGET)
        return;
    pending = 0;
    collector()?.({ type: 'minor' });
    // Buffers still queued at a minor collection (a pack's deflate output waiting its turn) are promoted and
    // then freed only by a full one, which V8 may not run before the end: measured on Node 24, a 1 GB pack's
    // ArrayBuffers grew 14 -> 40 MB and its heap 28 -> 38 MB without one.
    collectWhenGrown(DROPPED_GARBAGE_BUDGET);
}
/** Growth of the heap and its buffers after which dropped() also runs a full collection. */
const DROPPED_GARBAGE_BUDGET = 16 * 1024 * 1024;
/**
 * One full collection between stages: what the pack left in the old
 * generation (a 30,000-file build leaves tens of MB) goes before verify
 * starts, instead of adding to verify's own peak.
 */
function collectAll() {
    pending = 0;
    // No options: on Node 20 (V8 11.3) gc({ type: 'major' }) returns without reclaiming anything (67 MB of
    // old-space garbage stayed 67 MB, measured); gc() is a full synchronous collection on Node 20 and 24.
    collector()?.();
}
/**
 * Growth after which a loop of many small operations (the build walk's
 * stats, the delta upload loops of Capgo and custom storage) runs a full
 * collection through collectWhenGrown.
 */
const LOOP_GARBAGE_BUDGET = 8 * 1024 * 1024;
/** heapBytes() after collectWhenGrown's last collection. */
let settled = 0;
/**
 * The whole heap's bytes in use, plus the memory of the ArrayBuffers it keeps
 * (Buffers live outside the heap, and a promoted one is freed only with its
 * wrapper): with the young generation kept small, their growth is the old
 * generation's.
 */
function heapBytes() {
    const stats = (0,external_node_v8_namespaceObject.getHeapStatistics)();
    return stats.used_heap_size + stats.external_memory;
}
/**
 * A full collection once the heap and its buffers have grown `budget` bytes
 * past what the last one left. For loops of many small network
 * requests (3,000 delta files, two SDK requests each): their garbage is
 * promoted while each request is in flight, and V8 lets the old generation
 * grow to several times the live size (live ~22 MB, heap 90-125 MB measured)
 * before it collects. One check per file, from V8's own counters; a full
 * collection of a ~25 MB heap takes milliseconds.
 */
function collectWhenGrown(budget) {
    const now = heapBytes();
    if (now - settled < budget)
        return false;
    collectAll();
    settled = heapBytes();
    return true;
}
/**
 * Keeps V8's young generation at its starting size instead of letting it
 * grow to its maximum, which V8 sizes from the machine's memory: on a 24 GB
 * machine it reached 32 MB on Node 20 and 64 MB on Node 24, all of it
 * resident, though a pack's young objects (promises, buffer wrappers,
 * headers) live for microseconds. The maximum itself cannot be changed once
 * the process runs; the growth factor can. Measured on the 1 GB build of
 * 30,000 files: peak RSS 206 -> 172-177 MB on Node 20 and 233 -> 178-195 MB
 * on Node 24, CPU time unchanged. Called first thing by both entry points.
 */
function keepYoungGenerationSmall() {
    try {
        (0,external_node_v8_namespaceObject.setFlagsFromString)('--semi-space-growth-factor=1');
    }
    catch {
        // A runtime without the flag keeps V8's default: more memory, same result.
    }
}


/***/ }),

/***/ 4421:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Bf: () => (/* binding */ HashAndEncrypt),
/* harmony export */   e4: () => (/* binding */ HashAndEncryptSink),
/* harmony export */   hm: () => (/* binding */ decryptedFile),
/* harmony export */   lo: () => (/* binding */ writeFileAtomically),
/* harmony export */   rf: () => (/* binding */ PARTIAL_NAME_EXTRA_BYTES),
/* harmony export */   vK: () => (/* binding */ writeAtomically)
/* harmony export */ });
/* unused harmony export FileSink */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__nccwpck_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__nccwpck_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(1097);
/* harmony import */ var _memory_js__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(7317);








/**
 * Hashes the plaintext and, given a session key, encrypts it in the same pass,
 * so the zip is read once and never held in memory. Without a key it only
 * hashes and counts: the plaintext zip file is written through the same stage.
 */
class HashAndEncrypt extends node_stream__WEBPACK_IMPORTED_MODULE_4__.Transform {
    hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    plainBytes = 0;
    cipherBytes = 0;
    cipher;
    constructor(sessionKey, iv) {
        super();
        this.cipher = sessionKey && iv ? (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createCipheriv)(_format_js__WEBPACK_IMPORTED_MODULE_6__/* .CIPHER */ .s6, sessionKey, iv) : undefined;
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
    const partial = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(target), `.${(0,node_path__WEBPACK_IMPORTED_MODULE_3__.basename)(target)}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}.partial`);
    try {
        await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_5__.pipeline)(source, stage, (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createWriteStream)(partial, { flags: 'wx', mode: options.mode ?? 0o644 }));
        await options.beforeCommit?.();
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(partial, target);
    }
    catch (error) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(partial, { force: true });
        throw error;
    }
}
const FILE_WRITE_BUFFER = 1024 * 1024;
/**
 * Appends to an open file through one reused 1 MiB buffer with writeSync: the
 * page cache takes it at memory speed, no write waits in the libuv queue
 * behind deflate jobs, and no per-chunk buffer outlives the call.
 */
class FileSink {
    fd;
    bytes = 0;
    /** Bytes in the file itself (bytes minus what the buffer still holds). */
    written = 0;
    /** Told how many bytes the file holds after each write to it: an early upload reads parts up to there (issue 14). */
    onFlushed;
    buffer = Buffer.allocUnsafeSlow(FILE_WRITE_BUFFER);
    used = 0;
    constructor(fd) {
        this.fd = fd;
    }
    write(chunk) {
        this.bytes += chunk.length;
        if (this.used + chunk.length > this.buffer.length)
            this.flush();
        if (chunk.length >= this.buffer.length) {
            writeAll(this.fd, chunk);
            this.written += chunk.length;
            this.onFlushed?.(this.written);
            return;
        }
        chunk.copy(this.buffer, this.used);
        this.used += chunk.length;
    }
    flush() {
        if (!this.used)
            return;
        writeAll(this.fd, this.buffer.subarray(0, this.used));
        this.written += this.used;
        this.used = 0;
        this.onFlushed?.(this.written);
    }
}
function writeAll(fd, data) {
    for (let at = 0; at < data.length;)
        at += (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeSync)(fd, data, at, data.length - at);
}
/** Hashes the plaintext and, given a session key, encrypts it on the way to `next`: the synchronous twin of HashAndEncrypt. */
class HashAndEncryptSink {
    next;
    hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    plainBytes = 0;
    cipherBytes = 0;
    cipher;
    constructor(next, sessionKey, iv) {
        this.next = next;
        this.cipher = sessionKey && iv ? (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createCipheriv)(_format_js__WEBPACK_IMPORTED_MODULE_6__/* .CIPHER */ .s6, sessionKey, iv) : undefined;
    }
    write(chunk) {
        this.hash.update(chunk);
        this.plainBytes += chunk.length;
        this.forward(this.cipher ? this.cipher.update(chunk) : chunk);
    }
    end() {
        if (this.cipher)
            this.forward(this.cipher.final());
    }
    forward(data) {
        this.cipherBytes += data.length;
        if (data.length)
            this.next.write(data);
        if (this.cipher)
            (0,_memory_js__WEBPACK_IMPORTED_MODULE_7__/* .dropped */ .p)(data.length);
    }
}
/**
 * Like writeAtomically, for a producer that writes synchronously into a
 * FileSink: the file takes its final name only when `produce` resolved and
 * `beforeCommit` passed; on any failure nothing is left.
 */
async function writeFileAtomically(target, produce, options = {}) {
    const partial = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(target), `.${(0,node_path__WEBPACK_IMPORTED_MODULE_3__.basename)(target)}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}.partial`);
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(partial, 'wx', options.mode ?? 0o644);
        const sink = new FileSink(fd);
        await produce(sink, partial);
        sink.flush();
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(fd);
        fd = undefined;
        await options.beforeCommit?.();
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(partial, target);
    }
    catch (error) {
        if (fd !== undefined)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(fd);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(partial, { force: true });
        throw error;
    }
}
const DECRYPT_READ = 1024 * 1024;
/**
 * The decrypted content of an AES-128-CBC file as a stream: 1 MiB synchronous
 * reads into one reused buffer, so the only allocation per step is the
 * plaintext chunk (fs streams add a buffer per read, and the pair let ~50 MB
 * of spent chunks pile up on a 100 MB bundle before V8 collected them).
 */
function decryptedFile(path, sessionKey, iv) {
    const decipher = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createDecipheriv)(_format_js__WEBPACK_IMPORTED_MODULE_6__/* .CIPHER */ .s6, sessionKey, iv);
    const buffer = Buffer.allocUnsafeSlow(DECRYPT_READ);
    let fd;
    let position = 0;
    const finish = () => {
        if (fd !== undefined)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(fd);
        fd = undefined;
    };
    return new node_stream__WEBPACK_IMPORTED_MODULE_4__.Readable({
        highWaterMark: DECRYPT_READ,
        read() {
            try {
                fd ??= (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(path, 'r');
                const read = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readSync)(fd, buffer, 0, buffer.length, position);
                position += read;
                if (read === 0) {
                    finish();
                    this.push(decipher.final());
                    this.push(null);
                    return;
                }
                const plain = decipher.update(buffer.subarray(0, read));
                (0,_memory_js__WEBPACK_IMPORTED_MODULE_7__/* .dropped */ .p)(plain.length);
                this.push(plain);
            }
            catch (error) {
                finish();
                this.destroy(error);
            }
        },
        destroy(error, callback) {
            finish();
            callback(error);
        },
    });
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
// EXTERNAL MODULE: ./src/bundle/streams.ts
var streams = __nccwpck_require__(4421);
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
/**
 * Keeps the last `limit` bytes of a stream, where the central directory lives,
 * copied into one ring buffer: holding on to the chunks themselves kept each
 * alive long enough to reach V8's old generation, where a 100 MB verify left
 * ~50 MB of them waiting for a full collection.
 */
class Tail {
    limit;
    ring;
    end = 0;
    bytes = 0;
    constructor(limit) {
        this.limit = limit;
    }
    push(chunk) {
        this.ring ??= Buffer.allocUnsafeSlow(this.limit);
        const data = chunk.length > this.limit ? chunk.subarray(chunk.length - this.limit) : chunk;
        const first = Math.min(data.length, this.limit - this.end);
        data.copy(this.ring, this.end, 0, first);
        data.copy(this.ring, 0, first);
        this.end = (this.end + data.length) % this.limit;
        this.bytes = Math.min(this.limit, this.bytes + data.length);
    }
    /** The kept bytes and the stream offset of the first of them. */
    read(totalBytes) {
        if (!this.ring)
            return { data: Buffer.alloc(0), start: totalBytes };
        const data = this.bytes < this.limit
            ? this.ring.subarray(0, this.bytes)
            : Buffer.concat([this.ring.subarray(this.end), this.ring.subarray(0, this.end)]);
        return { data, start: totalBytes - data.length };
    }
}
/**
 * How much of the zip's end verify keeps: the central directory of a few
 * thousand files, then checked without a second read. A larger one is read
 * again from its offset (a few MB decrypted twice); at 8 MiB the ring and its
 * unrolled copy added 16 MB to verify's peak on a 30,000-file build.
 */
const CENTRAL_DIRECTORY_TAIL = 1024 * 1024;
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
            return {
                reason: 'unzip_fail',
                detail: `${name} is stored with a data descriptor, which Android's ZipInputStream refuses ("only DEFLATED entries can have EXT descriptor")`,
            };
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
        await (0,external_node_stream_promises_.pipeline)((0,streams/* decryptedFile */.hm)(options.file, sessionKey, iv), measure, sink);
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
/* harmony export */   Zc: () => (/* binding */ DEFAULT_REQUEST_TIMEOUT_MS),
/* harmony export */   aI: () => (/* binding */ standaloneNetwork),
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
/** request-timeout's default, in milliseconds (action.yml says 60 seconds). */
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** The network settings of a backend used outside a run (tests, benchmarks): the default time-out and a guard of its own. */
function standaloneNetwork() {
    return { requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS, guard: new RunGuard() };
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
    /** After a failed write: what the run undid and what it leaves behind, for the job summary. */
    aftermath;
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

/***/ 4660:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   ot: () => (/* binding */ startProgress)
/* harmony export */ });
/* unused harmony exports realClock, PROGRESS_INTERVAL_MS, formatProgress */
/**
 * Progress lines for long work: packing, uploads. Logs are files, so no
 * spinners: one line every interval while a stage runs longer than that, and
 * nothing at all for short runs. Fed by counters; imports nothing of GitHub.
 */
const realClock = {
    now: () => performance.now(),
    every(ms, tick) {
        const timer = setInterval(tick, ms);
        // A progress line must never keep the process alive.
        timer.unref();
        return () => clearInterval(timer);
    },
};
const PROGRESS_INTERVAL_MS = 5000;
const MB = 1024 * 1024;
function mb(bytes) {
    return (bytes / MB).toFixed(1);
}
/** One line: "Packing: 120 of 3000 files, 80.0 of 200.0 MB (40%), 11.4 MB/s". */
function formatProgress(label, totals, done, elapsedMs) {
    const percent = totals.bytes > 0 ? Math.min(100, Math.floor((done.bytes / totals.bytes) * 100)) : 0;
    const rate = elapsedMs > 0 ? done.bytes / MB / (elapsedMs / 1000) : 0;
    const files = totals.files === undefined ? '' : `${done.files} of ${totals.files} files, `;
    return `${label}: ${files}${mb(done.bytes)} of ${mb(totals.bytes)} MB (${percent}%), ${rate.toFixed(1)} MB/s`;
}
/**
 * Starts counting. The first line comes after one interval, so work that ends
 * sooner prints none.
 */
function startProgress(label, totals, print, clock = realClock, intervalMs = PROGRESS_INTERVAL_MS) {
    const started = clock.now();
    const done = { bytes: 0, files: 0 };
    const stop = clock.every(intervalMs, () => print(formatProgress(label, totals, done, clock.now() - started)));
    return {
        add(bytes, files = 0) {
            done.bytes += bytes;
            done.files += files;
        },
        done: stop,
    };
}


/***/ }),

/***/ 7712:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   EW: () => (/* binding */ checkSettings),
/* harmony export */   IR: () => (/* binding */ plannedAssetUrl),
/* harmony export */   NR: () => (/* binding */ assetLabel)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/* harmony import */ var _url_input_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3023);


/**
 * The GitHub Releases backend's offline half: every rule about its settings,
 * run by the plan before packing. No Octokit here.
 */
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
function checkSettings(settings) {
    if (!settings.tag) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('release_tag_missing', 'storage github-release needs release-tag: set it, or run the workflow on a tag push (on: push: tags), whose tag is the default.', 'release-tag');
    }
    if (!settings.token) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('github_token_missing', "github-token is empty: storage github-release needs a token that may write releases (the job's token is the default; give the job permissions: contents: write).", 'github-token');
    }
    if (!REPOSITORY.test(settings.repository)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('github_repository_missing', 'storage github-release needs the repository as owner/name in GITHUB_REPOSITORY, which runners set; outside a runner, set that variable.', 'storage');
    }
    let api;
    try {
        api = new URL(settings.apiUrl);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('github_api_url_invalid', `GITHUB_API_URL is not a URL ("${settings.apiUrl}"); storage github-release sends github-token there.`, 'storage');
    }
    if (!(0,_url_input_js__WEBPACK_IMPORTED_MODULE_1__/* .isTokenSafeUrl */ ._w)(api)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('github_api_url_invalid', `GITHUB_API_URL must be https (the token travels to it); got ${api.origin}.`, 'storage');
    }
}
/** Where devices will download the asset: the release's public download URL, before the API confirms it. */
function plannedAssetUrl(settings, fileName) {
    return `${settings.serverUrl}/${settings.repository}/releases/download/${encodeURIComponent(settings.tag)}/${encodeURIComponent(fileName)}`;
}
/** The storage-key output and log label: owner/name@tag/file. */
function assetLabel(settings, fileName) {
    return `${settings.repository}@${settings.tag}/${fileName}`;
}


/***/ }),

/***/ 6549:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   EW: () => (/* binding */ checkSettings),
/* harmony export */   LJ: () => (/* binding */ bundleKeyOf),
/* harmony export */   SW: () => (/* binding */ publicUrlOf),
/* harmony export */   WM: () => (/* binding */ deltaUploadUrlOf),
/* harmony export */   qz: () => (/* binding */ checkDeltaSettings)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/* harmony import */ var _url_input_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3023);
/* harmony import */ var _public_url_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(546);



/** The HTTP PUT backend's offline half: every rule about its settings, run by the plan before packing. */
function checkSettings(settings, target) {
    (0,_url_input_js__WEBPACK_IMPORTED_MODULE_1__/* .parseHttpUrl */ .f$)(settings.uploadUrl, 'upload-url', {
        code: 'upload_url_invalid',
        notUrl: 'is not a URL; give the full presigned https:// URL to PUT the bundle to',
    });
    if (!settings.publicUrl) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('public_url_missing', 'storage url needs public-url: the https URL devices download the bundle from (placeholders {appId}, {version}, {sha256}, {key}).', 'public-url');
    }
    publicUrlOf(settings, { ...(0,_public_url_js__WEBPACK_IMPORTED_MODULE_2__/* .planTemplateValues */ .Ob)(target), key: bundleKeyOf(target) });
}
/** The bundle's name where storage url needs a key: `{key}` in public-url, and the folder of its delta files. */
function bundleKeyOf(target) {
    return `${target.appId}_${target.version}.zip`;
}
const DELTA_PLACEHOLDER = /\{([^{}]*)\}/g;
/**
 * Delta (manifest) updates with storage url, offline: delta-upload-url is a
 * PUT URL template with {path} (where the object goes, `/` kept) and
 * {sha256}; each file and manifest.json need their own public URL, so
 * public-url must use {key}.
 */
function checkDeltaSettings(settings, uploadUrl, target) {
    if (!uploadUrl) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('delta_upload_url_missing', 'delta with storage url needs delta-upload-url: a PUT URL template with {path} (and optionally {sha256}) for each delta file and manifest.json. Set it, or set delta: false.', 'delta-upload-url');
    }
    if (!uploadUrl.includes('{path}')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('delta_upload_url_invalid', 'delta-upload-url must contain {path}, or every delta file would be PUT to the same URL.', 'delta-upload-url');
    }
    (0,_url_input_js__WEBPACK_IMPORTED_MODULE_1__/* .parseHttpUrl */ .f$)(deltaUploadUrlOf(uploadUrl, { path: 'a/delta/0_index.html', sha256: '0'.repeat(64) }), 'delta-upload-url', {
        code: 'delta_upload_url_invalid',
        notUrl: 'is not a URL template; give a full https:// URL with {path}',
    });
    if (!settings.publicUrl?.includes('{key}')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('public_url_delta', "delta gives each file and manifest.json its own URL, so public-url needs {key} (e.g. https://cdn.example.com/{key}, where {key} is the {path} given to delta-upload-url, or the bundle's {appId}_{version}.zip). Add {key}, or set delta: false.", 'public-url');
    }
    publicUrlOf(settings, { ...(0,_public_url_js__WEBPACK_IMPORTED_MODULE_2__/* .planTemplateValues */ .Ob)(target), key: `${bundleKeyOf(target).replace(/\.zip$/, '')}/manifest.json` });
}
/** One PUT URL from delta-upload-url: {path} percent-encoded per segment (`/` kept), {sha256} as is. */
function deltaUploadUrlOf(template, values) {
    return template.replace(DELTA_PLACEHOLDER, (_match, name) => {
        if (name === 'path')
            return (0,_public_url_js__WEBPACK_IMPORTED_MODULE_2__/* .encodeKeyPath */ .xC)(values.path);
        if (name === 'sha256')
            return values.sha256;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('template_placeholder', `delta-upload-url uses {${name}}, which is not a placeholder; use {path}, {sha256}.`, 'delta-upload-url');
    });
}
/** The URL devices download from; the settings passed `checkSettings`. */
function publicUrlOf(settings, values) {
    return (0,_public_url_js__WEBPACK_IMPORTED_MODULE_2__/* .devicePublicUrl */ .RJ)(settings.publicUrl ?? '', values, { allowInsecure: settings.allowInsecurePublicUrl, input: 'public-url' });
}


/***/ }),

/***/ 2211:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   F9: () => (/* binding */ HttpStatusError),
/* harmony export */   Lb: () => (/* binding */ EncodedBody),
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
/* harmony export */   wE: () => (/* binding */ sendSmall),
/* harmony export */   yP: () => (/* binding */ maskUrl)
/* harmony export */ });
/* unused harmony exports SECRET_HEADER, causesOf */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_http__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_https__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__nccwpck_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _abort_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(6885);






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
 * Starts a request. Without `agent`, on a fresh connection, so the retry of
 * an upload never reuses a socket the server half-closed; small requests
 * pass a keep-alive pool (their retries cover a stale socket). `timeoutMs`
 * limits the time without progress: to connect, then socket inactivity
 * (bytes written or read, an answer's body included). `cancel` ends it.
 */
function open(url, method, headers, timeoutMs, cancel, agent = false) {
    const request = (url.protocol === 'https:' ? node_https__WEBPACK_IMPORTED_MODULE_2__.request : node_http__WEBPACK_IMPORTED_MODULE_1__.request)(url, { method, headers, agent });
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
    const forget = (0,_abort_js__WEBPACK_IMPORTED_MODULE_5__/* .onAbort */ .u)(cancel, onCancel);
    request.once('close', () => {
        clearTimeout(connecting);
        forget();
    });
    const exchange = {
        request,
        response: new Promise((resolve, reject) => {
            request.once('response', resolve);
            // `on`, not `once`: a second error after the first must not go unhandled.
            request.on('error', (error) => {
                exchange.failure ??= error;
                reject(error);
            });
        }),
    };
    return exchange;
}
/** A body sent with its byte length, from chunks made anew for each attempt: a large JSON body (set_manifest) never sits whole in memory. */
class EncodedBody {
    length;
    chunks;
    constructor(length, chunks) {
        this.length = length;
        this.chunks = chunks;
    }
}
/**
 * Sockets kept open between small requests to one host (Capgo's JSON, the
 * delta probes), as fetch did; made on first use. The agent closes a free
 * socket after KEEP_ALIVE_MS, or a second before the server's Keep-Alive
 * hint when that is shorter (Node reads the hint only when a timeout is set),
 * and free sockets do not keep the process alive.
 */
const KEEP_ALIVE_MS = 4_000;
let pools;
function pooled(url) {
    pools ??= {
        http: new node_http__WEBPACK_IMPORTED_MODULE_1__.Agent({ keepAlive: true, timeout: KEEP_ALIVE_MS }),
        https: new node_https__WEBPACK_IMPORTED_MODULE_2__.Agent({ keepAlive: true, timeout: KEEP_ALIVE_MS }),
    };
    return url.protocol === 'https:' ? pools.https : pools.http;
}
/** What fetch sent unasked; servers (and their firewalls) saw these from this client before it used node:http. */
const SMALL_REQUEST_HEADERS = { accept: '*/*', 'user-agent': 'node' };
/**
 * One request with a small answer (the Capgo API's JSON, a probe), on a
 * kept-alive connection: time-out on progress as `open` (to connect, then
 * between bytes sent or received, the answer's body included), `cancel` ends
 * it. Redirects are not followed: one could hand a token to another host. An
 * EncodedBody is written chunk by chunk as the socket drains.
 */
async function sendSmall(url, method, headers, body, timeoutMs, cancel) {
    const target = new URL(url);
    const all = { ...SMALL_REQUEST_HEADERS, ...headers };
    if (body !== undefined)
        all['content-length'] = body instanceof EncodedBody ? body.length : Buffer.byteLength(body);
    const exchange = open(target, method, all, timeoutMs, cancel, pooled(target));
    if (body instanceof EncodedBody) {
        const source = node_stream__WEBPACK_IMPORTED_MODULE_3__.Readable.from(body.chunks(), { objectMode: false });
        exchange.request.once('close', () => source.destroy());
        source.on('error', (error) => exchange.request.destroy(error));
        source.pipe(exchange.request);
    }
    else {
        exchange.request.end(body);
    }
    const response = await exchange.response;
    const status = response.statusCode ?? 0;
    return {
        status,
        ok: status >= 200 && status < 300,
        headers: response.headers,
        text: () => readText(exchange, response),
        discard: () => void response.resume(),
    };
}
function readText(exchange, response) {
    return new Promise((resolve, reject) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.once('end', () => resolve(text));
        // A time-out or cancel destroys the request; its error says why, the answer's only that it was cut.
        const cut = (error) => reject(exchange.failure ?? error ?? new Error('the answer was cut short'));
        response.once('error', cut);
        response.once('close', () => {
            if (!response.complete)
                cut();
        });
    });
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
async function putFile(url, file, headers, timeoutMs, cancel, onProgress) {
    const source = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(file);
    if (onProgress)
        source.on('data', (chunk) => onProgress(chunk.length));
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
        await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_4__.pipeline)(response, (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createWriteStream)(file));
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
/* harmony import */ var _abort_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6885);

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
            forget();
            resolve();
        };
        const timer = setTimeout(done, ms);
        const forget = (0,_abort_js__WEBPACK_IMPORTED_MODULE_0__/* .onAbort */ .u)(signal, done);
    });
}


/***/ }),

/***/ 787:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   EW: () => (/* binding */ checkSettings),
/* harmony export */   JF: () => (/* binding */ s3ObjectLocation),
/* harmony export */   Vj: () => (/* binding */ planS3Location),
/* harmony export */   X5: () => (/* binding */ endpointOf),
/* harmony export */   fb: () => (/* binding */ endpointBase),
/* harmony export */   qm: () => (/* binding */ deltaPrefixOf),
/* harmony export */   qz: () => (/* binding */ checkDeltaSettings)
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
    return (0,_public_url_js__WEBPACK_IMPORTED_MODULE_1__/* .requireDeviceUrl */ .HA)(defaultPublicUrl(settings, endpoint, values.key), {
        ...rule,
        source: 'The default public URL (no public-url given)',
    });
}
/** Where a bundle goes and where devices fetch it; no network, so every template error surfaces before a request. */
function planS3Location(settings, bundle) {
    const values = { appId: bundle.appId, version: bundle.version, sha256: bundle.sha256 };
    return s3ObjectLocation(settings, values, (0,_public_url_js__WEBPACK_IMPORTED_MODULE_1__/* .expandKeyTemplate */ .g)(settings.keyTemplate, values, 's3-key'));
}
/** Any object at `key`, its public URL built exactly as the bundle's (public-url with these values, or the default). */
function s3ObjectLocation(settings, values, key) {
    return { key, url: publicUrlOf(settings, endpointOf(settings), { ...values, key }), uri: `s3://${settings.bucket}/${key}` };
}
/** `{bundle key without .zip}`: the folder of a bundle's delta files and manifest.json. */
function deltaPrefixOf(bundleKey) {
    return bundleKey.replace(/\.zip$/i, '');
}
/** Delta (manifest) updates on S3, offline: each file needs its own public URL, so a public-url template must use {key}. */
function checkDeltaSettings(settings) {
    if (settings.publicUrl && !settings.publicUrl.includes('{key}')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('public_url_delta', `delta uploads one object per file, each with its own URL, so public-url needs {key} (e.g. https://cdn.example.com/{key}); "${settings.publicUrl}" would give every file the same URL. Add {key}, or set delta: false.`, 'public-url');
    }
}


/***/ }),

/***/ 7900:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Lz: () => (/* binding */ downloadPublicCopy),
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
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(2211);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(833);







/**
 * Downloads the public copy at `url` into `file` as a device would fetch it, with the run's retries and time-out.
 * When it cannot be fetched, the error is public_url_unavailable with `unavailable(reason)` as its message.
 */
async function downloadPublicCopy(url, file, network, unavailable) {
    const { retry, logger, timeoutMs, signal } = network;
    try {
        await (0,_retry_js__WEBPACK_IMPORTED_MODULE_6__/* .withRetry */ .b)(() => (0,_http_js__WEBPACK_IMPORTED_MODULE_5__/* .downloadFile */ .PE)(new URL(url), file, timeoutMs, signal), {
            ...retry,
            logger,
            what: `Downloading ${url} to verify it`,
            retryable: _http_js__WEBPACK_IMPORTED_MODULE_5__/* .isRetryableHttpError */ .PL,
            signal,
        });
    }
    catch (error) {
        if (signal.aborted)
            throw error;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .BundleError */ .rJ('public_url_unavailable', unavailable((0,_http_js__WEBPACK_IMPORTED_MODULE_5__/* .describeHttpError */ .g2)(error)), 'public-url');
    }
}
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
            const reason = result.startError.code === 'ENOENT'
                ? 'not found (give a path, or a program on PATH; no shell runs it)'
                : `could not start (${result.startError.code ?? 'error'})`;
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
        (given.configKey
            ? (0,_bundle_keys_js__WEBPACK_IMPORTED_MODULE_1__/* .parsePublicKey */ .ee)(given.configKey.text, `plugins.CapacitorUpdater.publicKey in ${given.configKey.path}`, 'capacitor-config')
            : undefined);
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
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(program, args, {
            shell: false,
            stdio: ['pipe', 'pipe', 'pipe'],
            env: childEnvironment(options.env),
            windowsHide: true,
        });
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

/***/ 3023:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ys: () => (/* binding */ refuseUserinfo),
/* harmony export */   _w: () => (/* binding */ isTokenSafeUrl),
/* harmony export */   f$: () => (/* binding */ parseHttpUrl),
/* harmony export */   pJ: () => (/* binding */ parseUrlInput)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);

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
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ('url_credentials', `${name} holds a user name or password before @ (not shown); remove it: ${hint}.`, name);
}
/** An http(s) URL input without credentials, trailing slashes removed; the value is never echoed. */
function parseUrlInput(name, value, logger) {
    refuseUserinfo(name, value, logger);
    parseHttpUrl(value, name, { code: 'input_not_url', notUrl: 'is not a URL' });
    return value.replace(/\/+$/, '');
}
/**
 * The one "is this an http:// or https:// URL" check (URL inputs, upload-url,
 * delta-upload-url once filled): `refusal.notUrl` says what was expected when
 * the value does not parse. Only the scheme is ever echoed, since the value
 * may be a credential (a presigned URL).
 */
function parseHttpUrl(value, input, refusal) {
    let parsed;
    try {
        parsed = new URL(value);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ(refusal.code, `${input} ${refusal.notUrl}.`, input);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BundleError */ .rJ(refusal.code, `${input} must be an http:// or https:// URL, not ${parsed.protocol}//.`, input);
    return parsed;
}
/** This machine: localhost, 127.0.0.0/8 or [::1] (URL.hostname is lowercased, IPv6 in brackets). */
function isLoopbackHost(hostname) {
    return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
/**
 * Where a token travels in headers (Capgo API, GitHub API, Cloud KMS): https,
 * or plain http only to this machine (tests, a local server). Unlike the
 * device rule (public-url.ts requireDeviceUrl), no input opts out of it.
 */
function isTokenSafeUrl(url) {
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return undefined;
    }
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

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

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

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

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

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

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

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

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

/***/ 5574:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

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

// EXTERNAL MODULE: ./src/bundle/memory.ts + 2 modules
var memory = __nccwpck_require__(7317);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
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
/** A `true` / `false` literal at `path`, else the string there, else undefined (an expression is not evaluated). */
function readSourceLiteral(text, path) {
    const source = parseSource(text);
    let open = configObject(source);
    for (const name of path.slice(0, -1))
        open = objectValue(source, open, name);
    const key = open === undefined ? undefined : propertyIn(source, open, path[path.length - 1]);
    const value = key === undefined ? undefined : source.tokens[key + 2];
    const end = key === undefined ? undefined : source.tokens[key + 3];
    if (value?.kind === 'word' && (value.text === 'true' || value.text === 'false') && (!end || end.text === ',' || end.text === '}'))
        return value.text === 'true';
    return readSourceString(text, path);
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
            autoUpdate: literal(json.plugins?.CapacitorUpdater?.autoUpdate),
            directUpdate: literal(json.plugins?.CapacitorUpdater?.directUpdate),
        };
    }
    return {
        path,
        appId: stringOrUndefined(readSourceString(text, ['appId'])),
        webDir: stringOrUndefined(readSourceString(text, ['webDir'])),
        publicKey: stringOrUndefined(readSourceString(text, ['plugins', 'CapacitorUpdater', 'publicKey'])),
        autoUpdate: readSourceLiteral(text, ['plugins', 'CapacitorUpdater', 'autoUpdate']),
        directUpdate: readSourceLiteral(text, ['plugins', 'CapacitorUpdater', 'directUpdate']),
    };
}
function literal(value) {
    return typeof value === 'string' || typeof value === 'boolean' ? value : undefined;
}
/**
 * The official CLI's rule for switching delta on by itself (8.68.1): autoUpdate
 * "always"; any other autoUpdate string, or false, means no; else directUpdate
 * true or "always".
 */
function configWantsDelta(config) {
    const autoUpdate = config?.autoUpdate;
    if (autoUpdate === 'always')
        return true;
    if (typeof autoUpdate === 'string' || autoUpdate === false)
        return false;
    return config?.directUpdate === true || config?.directUpdate === 'always';
}
function stringOrUndefined(value) {
    return typeof value === 'string' && value !== '' ? value : undefined;
}
/** The build directory the config names, relative to the config's own folder. */
function webDirOf(config) {
    return config.webDir ? (0,external_node_path_.resolve)((0,external_node_path_.dirname)(config.path), config.webDir) : undefined;
}

;// CONCATENATED MODULE: ./src/release/remote.ts

/** The `cli_version` sent to the organisation warnings: the official CLI release whose requests we reproduce. */
const OFFICIAL_CLI_VERSION = '8.68.1';
const VERSION_COLUMNS = 'id,name,checksum,session_key,min_update_version,native_packages,deleted,storage_provider,external_url';
const CHANNEL_COLUMNS = `id,name,public,disable_auto_update,rollout_version,rollout_enabled,rollout_percentage_bps,version:app_versions!channels_version_fkey(${VERSION_COLUMNS})`;
/** The organisation gate of `bundle upload`: 2FA, upload permission, CLI warnings, plan; trial days only warn. */
async function organisationChecks(api, appId, orgId, logger) {
    if ((await api.rpc('reject_access_due_to_2fa_for_app', { app_id: appId }, "checking the organisation's 2FA rule")) === true) {
        throw new errors/* BundleError */.rJ('capgo_2fa_required', `The organisation that owns ${appId} requires 2FA: enable two-factor authentication for the account of the capgo-token, then create a new API key.`, 'capgo-token');
    }
    if ((await permission(api, 'app.upload_bundle', appId, null)) !== true) {
        throw new errors/* BundleError */.rJ('capgo_permission', `The capgo-token lacks the app.upload_bundle permission on ${appId}; use a key with upload rights.`, 'capgo-token');
    }
    let warnings;
    try {
        warnings = await api.rpc('get_organization_cli_warnings', { orgid: orgId, cli_version: OFFICIAL_CLI_VERSION }, "reading the organisation's warnings");
    }
    catch (error) {
        logger.warning(`Could not read the organisation's Capgo warnings (${error.message}); continuing.`);
    }
    if (Array.isArray(warnings) && warnings.length) {
        const fatal = [];
        for (const entry of warnings) {
            if (typeof entry?.message !== 'string' || typeof entry.fatal !== 'boolean')
                continue;
            const text = entry.message.replaceAll('\\n', '\n');
            if (entry.fatal)
                fatal.push(text);
            else
                logger.warning(`Capgo: ${text}`);
        }
        if (fatal.length) {
            for (const text of fatal)
                logger.warning(`Capgo: ${text}`);
            throw new errors/* BundleError */.rJ('capgo_org_warning', `Capgo refuses uploads for this organisation: ${fatal.join(' ').replace(/\s+/g, ' ')} Fix that in the Capgo console and run again.`, 'capgo-token');
        }
    }
    await planCheck(api, appId, orgId);
    try {
        const [trialDays, paying, credits] = await Promise.all([
            api.rpc('is_trial_org', { orgid: orgId }, 'reading the trial'),
            api.rpc('is_paying_org', { orgid: orgId }, 'reading the plan'),
            api.rpc('has_usage_credits_org', { orgid: orgId, appid: appId }, 'reading the credits'),
        ]);
        if (typeof trialDays === 'number' && trialDays > 0 && paying !== true && credits !== true)
            logger.warning(`Capgo: the trial of this organisation expires in ${trialDays} days.`);
    }
    catch {
        // Never blocking, as in the official CLI.
    }
}
async function planCheck(api, appId, orgId) {
    let allowed;
    try {
        allowed = await api.rpc('is_allowed_action_org_action', { orgid: orgId, actions: ['storage'], appid: appId }, 'checking the plan');
    }
    catch (error) {
        // PostgREST answers 404 (PGRST202) for a function the server does not have: older Capgo only has is_allowed_action_org.
        if (error.status !== 404)
            throw error;
        allowed = await api.rpc('is_allowed_action_org', { orgid: orgId }, 'checking the plan');
        if (allowed === true)
            return;
        throw billing();
    }
    if (allowed === true)
        return;
    const withoutApp = await api.rpc('is_allowed_action_org_action', { orgid: orgId, actions: ['storage'] }, 'checking the plan');
    if (withoutApp === true) {
        throw new errors/* BundleError */.rJ('capgo_permission', "Capgo cannot validate plan usage for this app: the capgo-token may lack permission to read the app's billing details.", 'capgo-token');
    }
    throw billing();
}
function billing() {
    return new errors/* BundleError */.rJ('capgo_plan', 'The Capgo organisation needs a plan upgrade to keep uploading (Settings → Organization → Plans in the Capgo console).', 'capgo-token');
}
function permission(api, key, appId, channelId) {
    return api.rpc('cli_check_permission', { permission_key: key, org_id: null, app_id: appId, channel_id: channelId }, `checking the ${key} permission`);
}
/** One read per target channel: its settings, rollout fields and the linked version (0 or 1 row). */
async function readChannels(api, appId, names) {
    const states = [];
    for (const name of names) {
        const rows = await api.restGet('channels', { select: CHANNEL_COLUMNS, app_id: `eq.${appId}`, name: `eq.${name}` }, `reading channel ${name}`);
        const row = Array.isArray(rows) ? rows[0] : undefined;
        states.push({ name, row: row ?? undefined });
    }
    return states;
}
/** The stored version of this name (deleted ones included: they still block the name). */
async function readStoredVersion(api, appId, version) {
    const rows = await api.restGet('app_versions', { select: VERSION_COLUMNS, app_id: `eq.${appId}`, name: `eq.${version}` }, `reading the stored version ${version}`);
    return Array.isArray(rows) ? rows[0] : undefined;
}
/**
 * The channel pre-check's permissions, before any write: an existing channel
 * needs channel.promote_bundle (and channel.update_settings for self-assign or
 * a rollout), a new one app.create_channel. delete-linked-bundle-on-upload
 * without bundle.delete only warns, as in the official CLI.
 */
async function checkChannelPermissions(api, appId, states, release, logger) {
    for (const state of states) {
        if (state.row) {
            if ((await permission(api, 'channel.promote_bundle', appId, state.row.id)) !== true) {
                throw new errors/* BundleError */.rJ('capgo_permission', `The capgo-token lacks channel.promote_bundle on channel ${state.name}; use a key allowed to set that channel's bundle.`, 'capgo-token');
            }
            if ((release.selfAssign || release.rollout) && (await permission(api, 'channel.update_settings', appId, state.row.id)) !== true) {
                const why = release.rollout ? 'set a rollout' : 'enable device self-assign';
                throw new errors/* BundleError */.rJ('capgo_permission', `The capgo-token lacks channel.update_settings on channel ${state.name}, needed to ${why}.`, 'capgo-token');
            }
        }
        else if ((await permission(api, 'app.create_channel', appId, null)) !== true) {
            throw new errors/* BundleError */.rJ('capgo_permission', `Channel ${state.name} does not exist and the capgo-token lacks app.create_channel; create the channel in the console or use a key that may.`, 'capgo-token');
        }
    }
    if (!release.deleteLinkedBundleOnUpload)
        return { canDelete: false };
    const canDelete = (await permission(api, 'bundle.delete', appId, null)) === true;
    if (!canDelete)
        logger.warning('delete-linked-bundle-on-upload: the capgo-token lacks bundle.delete, so the previously linked bundles will be kept.');
    return { canDelete };
}
/**
 * Points each channel at the new version, the way `bundle upload` does for
 * its options (capgo-api.md, "Channel assignment" and "Progressive rollout"),
 * then soft-deletes the previously linked bundles when asked. Returns one
 * line per channel for the summary.
 */
async function assignChannels(api, states, context, logger, canDelete) {
    const { appId, version, release } = context;
    const lines = [];
    let versionId;
    const idOfVersion = async () => {
        if (versionId !== undefined)
            return versionId;
        const id = await api.rpc('get_app_versions', { name_version: version, appid: appId }, `reading the id of version ${version}`);
        if (typeof id !== 'number' || !id)
            throw new errors/* BundleError */.rJ('capgo_answer_invalid', `Capgo did not return the id of version ${version}, so no channel was set; run the job again to complete it.`, undefined);
        versionId = id;
        return id;
    };
    for (const state of states) {
        const link = state.row && context.consoleUrl ? ` (${context.consoleUrl}/app/${appId}/channel/${state.row.id})` : '';
        if (release.rollout && state.row) {
            const id = await idOfVersion();
            const bps = release.rollout.bps ?? state.row.rollout_percentage_bps ?? 0;
            await channelCall(api, 'POST', 'channel', rolloutBody(appId, state, version, id, bps, release.rollout, release.selfAssign), state.name);
            const percent = `${Number((bps / 100).toFixed(2))}%`;
            const line = release.rollout.advance
                ? `Promoted the previous rollout to stable on ${state.name} and set ${version} as the new rollout target (${percent})`
                : `Channel ${state.name}: ${version} is the rollout target for ${percent} of devices`;
            logger.info(line + link);
            lines.push(line);
            continue;
        }
        if (!state.row) {
            await channelCall(api, 'POST', 'channel', { app_id: appId, channel: state.name, version, ...(release.selfAssign ? { allow_device_self_set: true } : {}) }, state.name);
        }
        else if (release.selfAssign) {
            const id = await idOfVersion();
            await api.restGet('channels', { select: '*', app_id: `eq.${appId}`, name: `eq.${state.name}` }, `reading channel ${state.name}`, true);
            await api.restPatch('channels', { app_id: `eq.${appId}`, name: `eq.${state.name}`, select: '*' }, {
                name: state.name,
                app_id: appId,
                created_by: context.userId,
                version: id,
                owner_org: context.ownerOrg,
                allow_device_self_set: true,
            }, `setting channel ${state.name}`);
        }
        else {
            const id = await idOfVersion();
            if (state.row.rollout_enabled && state.row.rollout_version != null) {
                logger.warning(`Channel ${state.name} had an active progressive rollout; linking ${version} as its stable bundle resets it.`);
            }
            await channelCall(api, 'PUT', 'bundle', { app_id: appId, version_id: id, channel_id: state.row.id }, state.name);
        }
        const line = `Channel ${state.name} now serves ${version}${release.selfAssign ? ' (devices may self-assign)' : ''}`;
        logger.info(line + link);
        lines.push(line);
    }
    if (release.deleteLinkedBundleOnUpload && canDelete) {
        const done = new Set();
        for (const state of states) {
            const old = state.row?.version;
            if (!old) {
                logger.warning(`Channel ${state.name} had no linked bundle to delete.`);
                continue;
            }
            if (old.deleted) {
                logger.warning(`The bundle ${old.name} channel ${state.name} served is already deleted.`);
                continue;
            }
            if (done.has(old.id))
                continue;
            await api.restPatch('app_versions', { id: `eq.${old.id}` }, { deleted: true }, `deleting the previously linked bundle ${old.name}`);
            done.add(old.id);
            logger.info(`Deleted bundle ${old.name}, which channel ${state.name} served before`);
            lines.push(`Deleted the previously linked bundle ${old.name}`);
        }
    }
    return lines;
}
function rolloutBody(appId, state, version, id, bps, rollout, selfAssign) {
    return {
        app_id: appId,
        channel: state.name,
        rolloutVersion: version,
        rolloutPercentageBps: bps,
        rolloutEnabled: bps > 0,
        ...(rollout.advance ? { advanceRollout: true } : {}),
        ...(state.row?.rollout_version === id && bps > 0 ? { rolloutPaused: false } : {}),
        ...(rollout.cacheTtlSeconds !== undefined ? { rolloutCacheTtlSeconds: rollout.cacheTtlSeconds } : {}),
        ...(selfAssign ? { allow_device_self_set: true } : {}),
    };
}
/** A channel write; the server's words for the channel's update-package setting, else the request error. */
async function channelCall(api, method, path, body, channel) {
    await api.api(method, path, body, `setting channel ${channel}`);
}
/** The console notification the official CLI sends even with telemetry off; failures only show in debug. */
async function notifyConsole(api, appId, version, orgId, logger) {
    try {
        await api.event({
            channel: 'app',
            event: 'Bundle Uploaded',
            org_id: orgId,
            tracking_version: 2,
            tags: { 'app-id': appId, bundle: version },
            notifyConsole: true,
        });
    }
    catch (error) {
        logger.debug(`Capgo console notification not sent: ${error.message}`);
    }
}

;// CONCATENATED MODULE: ./src/publish/capgo/api.ts

/** The API revision the requests of capgo-api.md were recorded with. */
const CAPGO_API_VERSION = '2025-10-01';
/**
 * What the official CLI 8.68.1 sends with its delta requests (TUS, probe,
 * set_manifest) besides the key, recorded against the loopback server: the
 * API revision and its `x-cli-*` headers, which name the release whose
 * requests these are and the command they belong to.
 */
const CLI_HEADERS = {
    capgo_api: CAPGO_API_VERSION,
    'x-cli-version': OFFICIAL_CLI_VERSION,
    'x-cli-command': 'bundle upload',
    'x-cli-node': process.version,
    'x-cli-os': process.platform,
};

// EXTERNAL MODULE: ./src/publish/http.ts
var http = __nccwpck_require__(2211);
;// CONCATENATED MODULE: ./src/publish/capgo/manifest-body.ts

/** Entries per chunk written to the request: ~160 KB. */
const ENTRIES_PER_CHUNK = 64;
/**
 * The set_manifest body, `{"app_id","name","manifest"}`, byte for byte what
 * JSON.stringify gives, made a chunk of entries at a time as the socket
 * drains: no string or buffer of the whole body (7.5 MB for 3,001 files)
 * sits in memory. Its length is counted once, and a retry makes the chunks
 * again from the entries.
 */
function manifestBody(appId, version, manifest) {
    function* chunks() {
        yield `{"app_id":${JSON.stringify(appId)},"name":${JSON.stringify(version)},"manifest":[`;
        for (let start = 0; start < manifest.length; start += ENTRIES_PER_CHUNK) {
            const batch = manifest
                .slice(start, start + ENTRIES_PER_CHUNK)
                .map((entry) => JSON.stringify(entry))
                .join(',');
            yield start ? `,${batch}` : batch;
        }
        yield ']}';
    }
    let length = 0;
    for (const chunk of chunks())
        length += Buffer.byteLength(chunk);
    return new http/* EncodedBody */.Lb(length, chunks);
}

// EXTERNAL MODULE: ./src/url-input.ts
var url_input = __nccwpck_require__(3023);
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
/** The token travels in headers, so plain http is refused except on this machine (tests, local Capgo). */
function checkedBase(value, input) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new errors/* BundleError */.rJ('capgo_url_invalid', `${input} is not a URL: "${value}".`, input);
    }
    if (!(0,url_input/* isTokenSafeUrl */._w)(url)) {
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
        const body = 'originalResponse' in error ? (error.originalResponse?.getBody() ?? '') : '';
        return toCapgoError(step, new http/* HttpStatusError */.F9(status, scrub(shortDetail(body))), endpoints, scrub);
    }
    const cause = 'causingError' in error && error.causingError ? error.causingError : error;
    return toCapgoError(step, cause, endpoints, scrub, patience);
}

// EXTERNAL MODULE: ./src/cleanup.ts
var cleanup = __nccwpck_require__(2691);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: ./src/publish/retry.ts
var retry = __nccwpck_require__(833);
// EXTERNAL MODULE: ./src/abort.ts
var abort = __nccwpck_require__(6885);
;// CONCATENATED MODULE: ./src/publish/capgo/transport.ts








const defaultCapgoTimings = {
    requestTimeoutMs: cleanup/* DEFAULT_REQUEST_TIMEOUT_MS */.Zc,
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
        return (0,retry/* withRetry */.b)(attempt, {
            ...this.timings.retry,
            what: capitalise(step.what),
            logger: this.logger,
            retryable: http/* isRetryableHttpError */.PL,
            signal,
        }).catch((error) => {
            if (signal?.aborted)
                throw signal.reason;
            throw toCapgoError(step, error, this.endpoints, (text) => this.scrub(text), {
                timeoutMs: this.timings.requestTimeoutMs,
                attempts: this.timings.retry.attempts,
            });
        });
    }
    /** One attempt of a JSON request; the answer parsed, or undefined when empty. */
    async json(step, request, signal = this.signal) {
        this.logger.debug(`Capgo: ${request.method} ${request.url}`);
        step.origin = new URL(request.url).origin;
        const body = request.body;
        const response = await (0,http/* sendSmall */.wE)(request.url, request.method, request.headers, body === undefined || body instanceof http/* EncodedBody */.Lb ? body : JSON.stringify(body), this.timings.requestTimeoutMs, signal);
        if (response.status >= 300 && response.status < 400) {
            response.discard();
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
    /** One attempt of a request whose answer the caller reads (status and headers); time-out and cancellation as for JSON. */
    async raw(request) {
        this.logger.debug(`Capgo: ${request.method} ${request.url}`);
        return (0,http/* sendSmall */.wE)(request.url, request.method, request.headers, undefined, this.timings.requestTimeoutMs, this.signal);
    }
    /** One attempt of a presigned PUT: no auth header (the URL is the credential), its origin only in messages. */
    async putFile(step, url, file, size) {
        this.logger.debug('Capgo: PUT (presigned upload URL)');
        step.origin = new URL(url).origin;
        // Each chunk read from the file is garbage once sent; V8 left ~45 MB of them (a 64 MB zip) uncollected. See bundle/memory.ts.
        await (0,http/* putFile */.UN)(new URL(url), file, (0,http/* fileHeaders */.Tc)(size), this.timings.requestTimeoutMs, this.signal, memory/* dropped */.p);
    }
    /**
     * TUS 1.0 upload. A dropped connection resumes from the server's offset
     * (HEAD, then PATCH from there) instead of starting over; each resume is logged.
     * Resolves with the `X-Capgo-Manifest-Size-Receipt` header of the last
     * response, when the server sent one (delta files).
     */
    async tusUpload(step, request, endpoint, headers) {
        const resumes = this.timings.tusRetryDelays.length;
        const scrubText = (text) => this.scrub(text);
        step.origin = new URL(endpoint).origin;
        const { signal } = this;
        signal?.throwIfAborted();
        // Loaded on the first TUS upload: other runs never parse the client.
        const tus = await __nccwpck_require__.e(/* import() */ 162).then(__nccwpck_require__.bind(__nccwpck_require__, 5162));
        // An abort during that import dispatched no event this upload could hear.
        signal?.throwIfAborted();
        // Every TUS request, a PATCH of a whole chunk included, ends after request-timeout without progress, whatever the chunk size.
        const httpStack = new TimeoutHttpStack(new tus.DefaultHttpStack({}), this.timings.requestTimeoutMs);
        // tus only reads the path from this stream, and closes it on success only.
        const source = (0,external_node_fs_.createReadStream)(request.file);
        let forget;
        return await new Promise((resolve, reject) => {
            const upload = new tus.Upload(source, {
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
                onSuccess: ({ lastResponse }) => resolve(lastResponse.getHeader('X-Capgo-Manifest-Size-Receipt') ?? undefined),
                onError: (error) => reject(tusError(step, error, this.endpoints, scrubText, {
                    timeoutMs: this.timings.requestTimeoutMs,
                    attempts: this.timings.tusRetryDelays.length + 1,
                })),
            });
            // One listener on the run's signal for all uploads in flight (abort.ts).
            forget = (0,abort/* onAbort */.u)(signal, () => {
                void upload.abort();
                reject(signal?.reason);
            });
            upload.start();
        }).finally(() => {
            forget?.();
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
            alertUploadSize: positiveNumber(body.alertUploadSize),
            partialUpload: typeof body.partialUpload === 'boolean' ? body.partialUpload : undefined,
            partialUploadForced: body.partialUploadForced === true,
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
    /**
     * TUS upload of one delta file to `{files}/files/upload/attachments/`, with
     * the headers the official CLI sends there (`Authorization: <apikey>`, no
     * capgkey); resumed and retried like the zip's. Returns the server's
     * `X-Capgo-Manifest-Size-Receipt`, when it sent one.
     */
    async uploadDeltaFile(request, fileName) {
        const step = { what: `uploading delta file ${fileName} (TUS)`, family: 'files' };
        return this.transport.tusUpload(step, request, `${this.endpoints.files}/files/upload/attachments/`, {
            ...CLI_HEADERS,
            authorization: this.settings.token,
        });
    }
    /**
     * The unauthenticated existence probe of a plaintext delta file:
     * `GET {files}/files/read/attachments/{encodeURIComponent(s3Path)}` with
     * `range: bytes=0-0`. Any failure counts as "not stored" (then the file is
     * uploaded), as in the official CLI.
     */
    async probeDeltaFile(s3Path) {
        const url = `${this.endpoints.files}/files/read/attachments/${encodeURIComponent(s3Path)}?nocache=${Date.now()}`;
        try {
            const response = await this.transport.raw({
                method: 'GET',
                url,
                headers: { ...CLI_HEADERS, range: 'bytes=0-0', 'cache-control': 'no-cache' },
            });
            response.discard();
            const receipt = response.headers['x-capgo-manifest-size-receipt'];
            return { exists: response.ok, receipt: response.ok && typeof receipt === 'string' && receipt ? receipt : undefined };
        }
        catch {
            return { exists: false };
        }
    }
    /** `POST {api}/private/set_manifest`: every entry of the version's manifest in one call. Retried: the same body sets the same manifest. */
    async setManifest(appId, version, manifest) {
        const step = { what: `setting the manifest of version ${version}`, family: 'api' };
        // Encoded once, off the JS heap, and re-sent as is on a retry (manifest-body.ts).
        const body = manifestBody(appId, version, manifest);
        await this.transport.retried(step, () => {
            const request = this.apiRequest('POST', this.endpoints.api, 'private/set_manifest', body);
            Object.assign(request.headers, CLI_HEADERS);
            return this.transport.json(step, request);
        });
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
    /**
     * Release control's requests (src/release/remote.ts): PostgREST reads and
     * writes, RPCs, API calls, and the console event. The RPCs the official CLI
     * sends the API key to get it in the body too.
     */
    releaseApi() {
        return {
            rpc: (name, body, what) => {
                const step = { what, family: 'rest' };
                const full = RPC_WITH_APIKEY.has(name) ? { apikey: this.settings.token, ...body } : body;
                return this.transport.retried(step, async () => this.transport.json(step, await this.restRequest(`rpc/${name}`, full)));
            },
            restGet: (table, query, what, single) => {
                const step = { what, family: 'rest' };
                return this.transport.retried(step, async () => {
                    const request = await this.restRequest(`${table}?${new URLSearchParams(query).toString()}`, undefined);
                    request.method = 'GET';
                    if (single)
                        request.headers.accept = 'application/vnd.pgrst.object+json';
                    return this.transport.json(step, request);
                });
            },
            restPatch: (table, query, body, what) => {
                const step = { what, family: 'rest' };
                return this.transport.retried(step, async () => {
                    const request = await this.restRequest(`${table}?${new URLSearchParams(query).toString()}`, body);
                    request.method = 'PATCH';
                    request.headers.prefer = 'return=representation';
                    return this.transport.json(step, request);
                });
            },
            api: (method, path, body, what) => {
                const step = { what, family: 'api' };
                return this.transport.retried(step, () => this.transport.json(step, this.apiRequest(method, this.endpoints.api, path, body)));
            },
            // One attempt, no retries: a notification is not worth delaying a release for.
            event: async (body) => {
                const step = { what: 'notifying the Capgo console', family: 'api' };
                const request = this.apiRequest('POST', this.endpoints.api, 'private/events', body);
                delete request.headers.authorization;
                await this.transport.json(step, request).catch((error) => {
                    throw toCapgoError(step, error, this.endpoints, (text) => this.scrub(text));
                });
            },
        };
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
/** The RPCs whose body carries the API key (capgo-api.md, "Conventions"). */
const RPC_WITH_APIKEY = new Set(['cli_check_permission', 'get_app_versions']);
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

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __nccwpck_require__(2088);
var semver_default = /*#__PURE__*/__nccwpck_require__.n(semver);
;// CONCATENATED MODULE: ./src/release/compatibility.ts


/**
 * Checks a stored `native_packages` list: an array of objects with non-empty
 * `name` and `version`, other fields strings when present. Anything else is
 * refused, as the official CLI refuses it.
 */
function parseRemotePackages(value, where) {
    if (!Array.isArray(value))
        throw invalid(where, 'not a list');
    return value.map((entry, index) => {
        if (!entry || typeof entry !== 'object' || Array.isArray(entry))
            throw invalid(where, `entry ${index} is not an object`);
        const record = entry;
        for (const key of ['name', 'version']) {
            if (typeof record[key] !== 'string' || !record[key])
                throw invalid(where, `entry ${index} has no ${key}`);
        }
        for (const key of ['requested_version', 'ios_checksum', 'android_checksum']) {
            if (record[key] !== undefined && typeof record[key] !== 'string')
                throw invalid(where, `entry ${index}: ${key} is not a string`);
        }
        return record;
    });
}
function invalid(where, why) {
    return new errors/* BundleError */.rJ('remote_native_packages_invalid', `The native_packages stored for ${where} are invalid (${why}); compatibility: ignore skips the check.`, 'compatibility');
}
const present = (value) => typeof value === 'string' && value.trim().length > 0;
function versionsIntersect(local, remote) {
    try {
        return semver_default().intersects(local, remote);
    }
    catch {
        return false;
    }
}
/** The official CLI's per-package rule. Only a changed requested range is not incompatible by itself. */
function comparePackage(local, remote) {
    const name = local?.name ?? remote?.name ?? '';
    if (!local)
        return { name, remote: remote?.version, compatible: true, reasons: [], details: "only in the channel's bundle (will be removed)" };
    if (!remote)
        return { name, local: local.version, compatible: false, reasons: ['new_plugin'], details: 'new plugin (requires an app store update)' };
    const reasons = [];
    const words = [];
    if (!versionsIntersect(local.version, remote.version)) {
        reasons.push('version_mismatch');
        words.push(`version changed: ${remote.version} → ${local.version}`);
    }
    if (local.requested_version && remote.requested_version && local.requested_version.trim() !== remote.requested_version.trim()) {
        reasons.push('requested_version_changed');
        words.push(`requested version changed: ${remote.requested_version} → ${local.requested_version}`);
    }
    const ios = present(local.ios_checksum) && present(remote.ios_checksum) && local.ios_checksum !== remote.ios_checksum;
    const android = present(local.android_checksum) && present(remote.android_checksum) && local.android_checksum !== remote.android_checksum;
    if (ios && android) {
        reasons.push('both_platforms_changed');
        words.push('iOS and Android native code changed');
    }
    else if (ios) {
        reasons.push('ios_code_changed');
        words.push('iOS native code changed');
    }
    else if (android) {
        reasons.push('android_code_changed');
        words.push('Android native code changed');
    }
    if (present(local.ios_checksum) !== present(remote.ios_checksum) ||
        present(local.android_checksum) !== present(remote.android_checksum)) {
        reasons.push('platform_checksum_metadata_changed');
        words.push('iOS/Android checksum recorded on one side only (metadata from an older CLI?): check the native code');
    }
    const compatible = reasons.every((reason) => reason === 'requested_version_changed');
    return { name, local: local.version, remote: remote.version, compatible, reasons, details: words.join(', ') || 'unchanged' };
}
/** Local native packages in their order, then packages only the channel's bundle has. */
function compareNativePackages(local, remote) {
    const remoteByName = new Map(remote.map((entry) => [entry.name, entry]));
    const localNames = new Set(local.map((entry) => entry.name));
    return [
        ...local.map((entry) => comparePackage(entry, remoteByName.get(entry.name))),
        ...[...remoteByName.values()].filter((entry) => !localNames.has(entry.name)).map((entry) => comparePackage(undefined, entry)),
    ];
}
/** The table `package | local | remote | status` for the log and the job summary (Markdown, readable as text). */
function compatibilityTable(rows) {
    const cell = (text) => text.replace(/\|/g, '\\|');
    const lines = ['| package | local | remote | status |', '|---|---|---|---|'];
    for (const row of rows) {
        const status = row.compatible ? (row.local ? 'compatible' : 'removed (compatible)') : `incompatible: ${row.details}`;
        lines.push(`| ${cell(row.name)} | ${cell(row.local ?? '-')} | ${cell(row.remote ?? '-')} | ${cell(status)} |`);
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/release/decide.ts



/** Strict semver, as the official CLI checks `min_update_version` (no leading v, no ranges). */
const STRICT_SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-z-][0-9a-z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-z-][0-9a-z-]*))*))?(?:\+([0-9a-z-]+(?:\.[0-9a-z-]+)*))?$/i;
/** A refusal that carries the compatibility table for the log and the job summary. */
class ReleaseRefusal extends errors/* BundleError */.rJ {
    table;
    constructor(code, message, input, table) {
        super(code, message, input);
        this.table = table;
    }
}
/**
 * Everything the release-control options decide from the remote state, before
 * any write: which channels are already current, native compatibility per
 * channel, min_update_version, and the rollout preconditions. Throws a
 * BundleError naming the input to change for every refusal.
 */
function decideRelease(options, channels) {
    const notices = [];
    const warnings = [];
    // 1. Duplicate content (not with a rollout: the rollout target may equal the stable bundle).
    const alreadyCurrent = options.rollout
        ? []
        : channels.filter((state) => state.row?.version?.checksum && state.row.version.checksum === options.checksum);
    const targets = channels.filter((state) => !alreadyCurrent.includes(state));
    if (channels.length > 0 && targets.length === 0) {
        const names = channels.map((state) => state.name).join(', ');
        if (options.unchanged === 'fail') {
            throw new errors/* BundleError */.rJ('unchanged', `Channel${channels.length > 1 ? 's' : ''} ${names} already serve${channels.length > 1 ? '' : 's'} this exact content (same signed checksum): did the web build run? Set unchanged: skip to succeed without publishing.`, 'unchanged');
        }
        return {
            kind: 'unchanged',
            targets: [],
            alreadyCurrent: channels.map((state) => state.name),
            compatibility: 'unchecked',
            reports: [],
            current: channels[0].row?.version ?? undefined,
            notices,
            warnings: [
                `Nothing was published: channel${channels.length > 1 ? 's' : ''} ${names} already serve${channels.length > 1 ? '' : 's'} this content (unchanged: skip).`,
            ],
        };
    }
    if (alreadyCurrent.length) {
        warnings.push(`Skipping channel${alreadyCurrent.length > 1 ? 's' : ''} ${alreadyCurrent.map((state) => state.name).join(', ')}: already serving this content.`);
    }
    // 2. Compatibility and min_update_version, per remaining channel.
    const reports = [];
    const refused = [];
    for (const state of targets) {
        const report = checkChannel(options, state, notices);
        reports.push(report);
        if (report.result === 'incompatible') {
            const table = compatibilityTable(report.rows);
            const passesByMinVersion = options.autoMinUpdateVersion && state.row?.disable_auto_update === 'version_number';
            if (options.compatibility === 'fail' && !passesByMinVersion)
                refused.push(report);
            else if (passesByMinVersion) {
                notices.push(`Bundle NOT compatible with channel ${state.name}; published with min_update_version ${report.minUpdateVersion}, so devices on an older native build never receive it.\n${table}`);
            }
            else {
                warnings.push(`Bundle NOT compatible with channel ${state.name}: an app store update may be required (compatibility: warn).\n${table}`);
            }
        }
    }
    if (refused.length) {
        const names = refused.map((report) => report.channel).join(', ');
        const changed = Math.max(...refused.map((report) => report.rows.filter((row) => !row.compatible).length));
        throw new ReleaseRefusal('incompatible', `compatibility: the bundle is incompatible with channel${refused.length > 1 ? 's' : ''} ${names} (${changed} native package(s) changed): ship a native build first; or set auto-min-update-version: true on a channel whose update strategy is version_number (metadata), so devices that cannot run it never receive it; or compatibility: warn to publish anyway.`, 'compatibility', refused.map((report) => `Channel ${report.channel}:\n${compatibilityTable(report.rows)}`).join('\n\n'));
    }
    // 3. Rollout preconditions.
    if (options.rollout)
        for (const state of targets)
            checkRollout(options.rollout, state);
    const minUpdateVersion = highest(reports.map((report) => report.minUpdateVersion)) ?? (channels.length === 0 ? options.minUpdateVersion : undefined);
    return {
        kind: 'publish',
        targets: targets.map((state) => state.name),
        alreadyCurrent: alreadyCurrent.map((state) => state.name),
        compatibility: overall(options, reports),
        reports,
        minUpdateVersion,
        notices,
        warnings,
    };
}
function checkChannel(options, state, notices) {
    const linked = state.row?.version ?? undefined;
    const strategyNeedsValue = state.row?.disable_auto_update === 'version_number';
    let minUpdateVersion = options.minUpdateVersion;
    let result = 'unchecked';
    let rows = [];
    if (options.compatibility !== 'ignore') {
        const hasMetadata = linked && linked.native_packages !== null && linked.native_packages !== undefined;
        if (hasMetadata) {
            rows = compareNativePackages(options.nativePackages ?? [], parseRemotePackages(linked.native_packages, `channel ${state.name} (version ${linked.name})`));
            result = rows.every((row) => row.compatible) ? 'compatible' : 'incompatible';
            if (options.autoMinUpdateVersion) {
                if (result === 'incompatible')
                    minUpdateVersion = options.version;
                else {
                    const remote = linked.min_update_version;
                    if (!remote || !STRICT_SEMVER.test(remote)) {
                        throw new errors/* BundleError */.rJ('min_update_version_unknown', `auto-min-update-version: channel ${state.name} serves version ${linked.name}, which has no valid min_update_version to carry over; set min-update-version instead.`, 'auto-min-update-version');
                    }
                    minUpdateVersion = remote;
                }
            }
        }
        else {
            notices.push(`Channel ${state.name} is new or has no native-package metadata yet: the compatibility check passes this time.`);
            if (options.autoMinUpdateVersion)
                minUpdateVersion = options.version;
        }
        if (strategyNeedsValue && !minUpdateVersion) {
            throw new errors/* BundleError */.rJ('min_update_version_required', `min-update-version: channel ${state.name} uses the version_number (metadata) update strategy, so a bundle needs a min_update_version; set min-update-version or auto-min-update-version: true.`, 'min-update-version');
        }
    }
    if (minUpdateVersion && !STRICT_SEMVER.test(minUpdateVersion)) {
        throw new errors/* BundleError */.rJ('min_update_version_invalid', `min-update-version "${minUpdateVersion}" is not a semantic version like 1.2.3.`, 'min-update-version');
    }
    if (result === 'compatible')
        notices.push(`Bundle compatible with channel ${state.name}.`);
    return { channel: state.name, result, rows, minUpdateVersion };
}
function checkRollout(rollout, state) {
    const input = rollout.advance ? 'rollout-advance' : 'rollout';
    if (!state.row) {
        throw new errors/* BundleError */.rJ('rollout_channel_missing', `${input}: channel ${state.name} does not exist; a progressive rollout needs an existing channel with a stable bundle.`, 'channel');
    }
    if (!state.row.version) {
        throw new errors/* BundleError */.rJ('rollout_no_stable', `${input}: channel ${state.name} has no stable bundle for the devices outside the rollout; publish one without rollout first.`, input);
    }
    if (rollout.advance && state.row.rollout_version == null) {
        throw new errors/* BundleError */.rJ('rollout_no_target', `rollout-advance: channel ${state.name} has no rollout target to promote to stable; start one with rollout first.`, 'rollout-advance');
    }
    if (rollout.advance && rollout.bps === undefined && !((state.row.rollout_percentage_bps ?? 0) > 0)) {
        throw new errors/* BundleError */.rJ('rollout_no_percentage', `rollout-advance: channel ${state.name} has no rollout percentage to reuse; set rollout.`, 'rollout');
    }
}
function overall(options, reports) {
    if (options.compatibility === 'ignore' || reports.length === 0)
        return 'unchecked';
    if (reports.some((report) => report.result === 'incompatible'))
        return 'incompatible';
    if (reports.some((report) => report.result === 'unchecked'))
        return 'unchecked';
    return 'compatible';
}
/** The highest of several versions: the official rule when channels ask for different values. */
function highest(values) {
    let best;
    for (const value of values) {
        if (!value)
            continue;
        if (!best || semver_default().gte(value, best))
            best = value;
    }
    return best;
}
/** `rollout` percentage (decimals allowed) to basis points, as the official CLI rounds it. */
function rolloutBps(percentage) {
    return Math.round(percentage * 100);
}
/**
 * Converging re-runs: our zips are reproducible, so a re-run of the same
 * content signs the same checksum. Different content under an existing name
 * keeps the version-exists rule (fail refuses; skip succeeds honestly).
 */
function decideExisting(stored, checksum, versionExists, appId, version) {
    const same = stored && !stored.deleted && stored.checksum === checksum;
    if (same && stored.storage_provider === 'r2-direct')
        return { kind: 'unfinalized', stored };
    if (same)
        return { kind: 'complete', stored };
    if (versionExists === 'skip' && !stored?.deleted)
        return { kind: 'skip', stored };
    const why = !stored ? '' : stored.deleted ? ' (it was deleted, and deleted versions cannot be reused)' : ' with different content';
    throw new errors/* BundleError */.rJ('version_exists', `Version ${version} of ${appId} already exists in Capgo${why}, and versions are immutable: bump the version${stored?.deleted ? '' : ', or set version-exists: skip to succeed without changes'}.`, 'version-exists');
}

;// CONCATENATED MODULE: ./src/release/promote.ts



/**
 * `channel set <channel> --rollout-promote` of the official CLI: the channel's
 * rollout target becomes its stable bundle and the rollout ends. Unlike
 * `bundle upload`, an incompatible target is refused (unless compatibility is
 * warn or ignore), and so is everything else before the one write.
 */
async function promoteRollout(api, appId, channel, compatibility, logger) {
    const rows = await api.restGet('channels', { select: '*,stable:app_versions!channels_version_fkey(name,native_packages)', app_id: `eq.${appId}`, name: `eq.${channel}` }, `reading channel ${channel}`);
    const row = Array.isArray(rows) ? rows[0] : undefined;
    if (!row)
        throw new errors/* BundleError */.rJ('channel_not_found', `Channel ${channel} of ${appId} does not exist; check the channel name and --app-id.`, 'channel');
    for (const key of ['channel.update_settings', 'channel.promote_bundle']) {
        const allowed = await api.rpc('cli_check_permission', { permission_key: key, org_id: null, app_id: appId, channel_id: row.id }, `checking the ${key} permission`);
        if (allowed !== true)
            throw new errors/* BundleError */.rJ('capgo_permission', `The capgo-token lacks ${key} on channel ${channel}, needed to promote its rollout.`, 'capgo-token');
    }
    if (row.rollout_version == null)
        throw new errors/* BundleError */.rJ('rollout_no_target', `Channel ${channel} has no rollout target to promote.`, 'channel');
    const target = await findBundle(api, appId, row.rollout_version);
    if (!target)
        throw new errors/* BundleError */.rJ('rollout_target_missing', `The rollout target of channel ${channel} (version id ${row.rollout_version}) is not among the app's bundles; it may have been deleted.`, 'channel');
    let result = 'unchecked';
    if (compatibility !== 'ignore') {
        const candidate = parseRemotePackages(target.native_packages ?? [], `version ${target.name}`);
        const current = parseRemotePackages(row.stable?.native_packages ?? [], `channel ${channel}`);
        const comparison = compareNativePackages(candidate.map((entry) => ({ ...entry, requested_version: entry.requested_version ?? entry.version })), current);
        const incompatible = candidate.length > 0 && comparison.some((entry) => !entry.compatible);
        result = incompatible ? 'incompatible' : 'compatible';
        if (incompatible) {
            const table = compatibilityTable(comparison);
            if (compatibility === 'fail') {
                throw new ReleaseRefusal('incompatible', `The rollout target ${target.name} is incompatible with the native packages channel ${channel} serves now: ship a native build first, or pass --compatibility warn to promote anyway.`, 'compatibility', table);
            }
            logger.warning(`The rollout target ${target.name} is NOT compatible with channel ${channel} (--compatibility warn):\n${table}`);
        }
    }
    await api.api('POST', 'channel', {
        app_id: appId,
        channel,
        version: target.name,
        rolloutVersion: null,
        rolloutPercentageBps: 0,
        rolloutEnabled: false,
        rolloutPausedAt: null,
        rolloutPauseReason: null,
    }, `promoting the rollout of channel ${channel}`);
    logger.info(`Channel ${channel} now serves ${target.name} to every device; the rollout has ended.`);
    return { channel, promoted: target.name, previous: row.stable?.name, compatibility: result };
}
/** `GET {api}/bundle?app_id=..&page=N`, pages of 50, until the id is found. */
async function findBundle(api, appId, id) {
    for (let page = 0; page < 1000; page++) {
        const list = await api.api('GET', `bundle?app_id=${encodeURIComponent(appId)}&page=${page}`, undefined, "listing the app's bundles");
        if (!Array.isArray(list))
            return undefined;
        const found = list.find((entry) => entry.id === id);
        if (found && typeof found.name === 'string')
            return { name: found.name, native_packages: found.native_packages };
        if (list.length < 50)
            return undefined;
    }
    return undefined;
}

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

;// CONCATENATED MODULE: ./src/cli/commands/channel-promote.ts







const COMPATIBILITY = ['fail', 'warn', 'ignore'];
const channelPromote = {
    spec: {
        brief: "Promote a channel's rollout target to its stable bundle",
        name: 'channel promote',
        summary: "End a progressive rollout: the channel's rollout target becomes the bundle every device gets (the official CLI's channel set --rollout-promote). Refused when the target's native packages are incompatible with what the channel serves now, unless --compatibility warn.",
        usage: `${BIN} channel promote <channel> [--app-id id] [--compatibility fail|warn|ignore] [--json]`,
        positionals: [{ name: 'channel', required: true, description: 'The channel whose rollout to promote.' }],
        options: [
            { name: 'app-id', type: 'string', value: 'id', description: 'App id (default: appId of the capacitor config here).' },
            { name: 'capacitor-config', type: 'string', value: 'path', description: 'Capacitor config to read the app id from.' },
            {
                name: 'compatibility',
                type: 'string',
                value: 'mode',
                description: 'fail (default), warn or ignore: the native-package check of the target against the channel.',
                choices: COMPATIBILITY,
            },
            {
                name: 'capgo-token',
                type: 'string',
                value: 'token',
                description: 'Capgo API key (prefer the CAPGO_TOKEN variable: argv is visible to other users).',
            },
            { name: 'capgo-api-url', type: 'string', value: 'url', description: 'Capgo API base URL (default https://api.capgo.app).' },
            { name: 'capgo-supabase-url', type: 'string', value: 'url', description: 'Self-hosted Capgo Supabase URL.' },
            { name: 'capgo-supabase-anon-key', type: 'string', value: 'key', description: 'Self-hosted Capgo Supabase anon key.' },
        ],
        details: `The token comes from --capgo-token or CAPGO_TOKEN. Example: CAPGO_TOKEN=... ${BIN} channel promote production`,
    },
    async run(context) {
        const channel = context.positionals[0];
        if (!channel)
            throw new UsageError('missing <channel>');
        const compatibility = (str(context, 'compatibility') ?? 'fail');
        if (!COMPATIBILITY.includes(compatibility))
            throw new UsageError(`--compatibility must be one of ${COMPATIBILITY.join(', ')}`);
        const token = str(context, 'capgo-token') ?? context.env.CAPGO_TOKEN?.trim();
        if (!token)
            throw new errors/* BundleError */.rJ('token_missing', 'capgo-token is not set (nor CAPGO_TOKEN): promoting a rollout needs a Capgo API key.', 'capgo-token');
        context.logger.secret(token);
        const anonKey = str(context, 'capgo-supabase-anon-key');
        if (anonKey)
            context.logger.secret(anonKey);
        let appId = str(context, 'app-id');
        if (!appId) {
            const given = str(context, 'capacitor-config');
            const path = given ? (0,external_node_path_.resolve)(context.cwd, given) : await findCapacitorConfig(context.cwd);
            appId = path ? (await readCapacitorConfig(path)).appId : undefined;
            if (!appId)
                throw new errors/* BundleError */.rJ('app_id_missing', 'app-id is not set and no capacitor config with appId was found here; pass --app-id.', 'app-id');
        }
        const settings = {
            token,
            apiUrl: str(context, 'capgo-api-url') ?? 'https://api.capgo.app',
            filesUrl: 'https://files.capgo.app',
            supabaseUrl: str(context, 'capgo-supabase-url'),
            supabaseAnonKey: anonKey,
            channels: [channel],
            versionExists: 'fail',
            tus: 'auto',
            projectDir: context.cwd,
        };
        checkSettings(settings);
        const client = new CapgoClient(settings, context.logger);
        const result = await promoteRollout(client.releaseApi(), appId, channel, compatibility, context.logger);
        return {
            json: { appId, ...result },
            text: [
                `Channel ${channel} of ${appId}: ${result.promoted} is now the stable bundle${result.previous ? ` (was ${result.previous})` : ''}; the rollout has ended.`,
            ],
        };
    },
};

// EXTERNAL MODULE: ./src/bundle/verify.ts + 1 modules
var verify = __nccwpck_require__(7589);
;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"1.0.0"};
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
    const table = rows.map(([left, right]) => left.length + 2 > width ? `  ${left}\n  ${' '.repeat(width)}${right}` : `  ${left.padEnd(width)}${right}`);
    return [`Usage: ${spec.usage}`, '', spec.summary, '', ...table, ...(spec.details ? ['', spec.details.trim()] : []), ''].join('\n');
}
function commandList(commands) {
    const width = Math.max(...commands.map((command) => command.spec.name.length)) + 3;
    return commands.map((command) => `  ${command.spec.name.padEnd(width)}${command.spec.brief}`);
}
/** `capgo-bundle key --help`: the commands of one group. */
function groupHelp(group, commands) {
    return [
        `Usage: ${BIN} ${group} <command> [options]`,
        '',
        'Commands:',
        ...commandList(commands),
        '',
        `"${BIN} ${group} <command> --help" for one command.`,
        '',
    ].join('\n');
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
        const [flag, inline] = token.startsWith('--') && token.includes('=')
            ? [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)]
            : [token, undefined];
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
        throw new UsageError(looksLikePrivateKey(extra)
            ? `unexpected argument that looks like a private key (not shown); pass keys with --key, --key-data or ${PRIVATE_KEY_ENV}`
            : `unexpected argument "${shorten(extra)}"`);
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
            {
                name: 'package-json',
                type: 'string',
                value: 'paths',
                description: 'Accepted for compatibility: the checksum format is read from the checksum itself.',
            },
        ],
        details: `The public key comes from --key-data, --key, ${PUBLIC_KEY_ENV}, ./${PUBLIC_KEY_FILE}, then the capacitor config.
Use "${BIN} verify" to check a bundle without writing anything.`,
    },
    async run(context) {
        const { file, key, keyId } = await bundleAndKey(context, ['file', 'config']);
        const checksum = str(context, 'checksum');
        const filename = `${context.positionals[0]}_decrypted.zip`;
        const result = await (0,verify/* verifyBundle */.I)({
            file,
            ivSessionKey: context.positionals[1],
            checksum,
            publicKey: key.text,
            writeTo: (0,external_node_path_.resolve)(context.cwd, filename),
        });
        context.logger.info(`Decrypted with ${key.source} (key id ${keyId})`);
        return {
            json: {
                filename,
                checksum: result.sha256,
                checksumMatches: checksum === undefined ? null : true,
                checksumFormat: result.checksumFormat ?? null,
                keyId,
            },
            text: [
                filename,
                `SHA-256: ${result.sha256}`,
                checksum === undefined
                    ? 'No --checksum given: integrity not checked.'
                    : `Checksum matches (${result.checksumFormat?.toUpperCase()}).`,
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
    const expressions = patterns
        .map((line) => line.trim())
        .filter(Boolean)
        .map((pattern) => toRegExp(pattern, input));
    if (expressions.length === 0)
        return () => false;
    return (name) => expressions.some((expression) => expression.test(name));
}
function toRegExp(given, input) {
    if (given.startsWith('!'))
        throw new errors/* BundleError */.rJ('input_invalid', `${input}: "${given}" starts with !; negation is not supported, list only what to leave out.`, input);
    const pattern = given
        .replace(/^(\.\/)+/, '')
        .replace(/^\/+/, '')
        .replace(/\/+$/, '');
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
        if (BEGIN_LINE.test(data.toString('latin1', Math.max(0, at - LOOKBEHIND), at)) &&
            BODY_START.test(data.toString('latin1', end, end + LOOKAHEAD)))
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
/**
 * The walk's garbage (stat results, promises, name strings: ~1.5 KB per file)
 * outlives the small young generation while stats are in flight, so it lands
 * in the old generation, which V8 let grow to 70 MB on a 30,000-file build
 * and kept through the pack. Entries are stat'ed STAT_BATCH at a time (a
 * folder of 10,000 files held 10,000 results at once), and a full collection
 * runs after a batch whenever the heap has grown LOOP_GARBAGE_BUDGET.
 */
const STAT_BATCH = 256;
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
        const how = other.name.normalize('NFC') === name.normalize('NFC')
            ? 'are the same name after Unicode normalisation (NFC)'
            : 'differ only in letter case';
        throw refuse('name_collision', `${other.name} and ${name} ${how}: devices store them as one (iOS file systems ignore case and normalisation), so one would replace the other. Rename one.`);
    }
    async function walk(dir, prefix) {
        const names = (await (0,promises_.readdir)(dir)).sort();
        if (names.some((base) => base.includes('\uFFFD')))
            await checkUtf8(dir, prefix);
        const kept = names.map((base) => ({ base, name: prefix ? `${prefix}/${base}` : base })).filter(({ name }) => !excluded(name));
        for (let from = 0; from < kept.length; from += STAT_BATCH) {
            const batch = kept.slice(from, from + STAT_BATCH);
            const infos = await Promise.all(batch.map(({ base }) => (0,promises_.lstat)((0,external_node_path_.join)(dir, base)).catch((error) => error)));
            for (let i = 0; i < batch.length; i++)
                await visit((0,external_node_path_.join)(dir, batch[i].base), batch[i], infos[i]);
            (0,memory/* collectWhenGrown */.SW)(memory/* LOOP_GARBAGE_BUDGET */.xY);
        }
    }
    /** One entry of a folder, given what lstat found (or how it failed): refused, walked into, or kept as a file. */
    async function visit(path, { base, name }, found) {
        const secret = secretName(base);
        if (secret)
            throw secretInBuild(name, secret, input);
        let source = path;
        let info = found;
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

;// CONCATENATED MODULE: ./src/package-json.ts


/** `{dir}/package.json`, or undefined when it is missing, unreadable, not JSON, or not a JSON object. */
function readPackageJson(dir) {
    // join, not resolve: ncc's asset relocator rewrites resolve(…, 'package.json') into a path inside dist/.
    const path = (0,external_node_path_.join)(dir, 'package.json');
    let manifest;
    try {
        manifest = JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
    }
    catch {
        return undefined;
    }
    return manifest && typeof manifest === 'object' && !Array.isArray(manifest)
        ? { path, manifest: manifest }
        : undefined;
}
/**
 * The `version` field of `{dir}/package.json` as written (not checked: callers
 * decide what an invalid one means), or undefined when there is none. For a
 * project folder this is the app's version; for `node_modules/<name>` the
 * installed package's.
 */
function packageVersion(dir) {
    const found = readPackageJson(dir);
    const version = found?.manifest.version;
    return found && typeof version === 'string' ? { version, path: found.path } : undefined;
}
/** The app's version: the first of `dirs` whose package.json has a `version` string (the bundle version when none is given). */
function appVersion(dirs) {
    for (const dir of dirs) {
        const found = packageVersion(dir);
        if (found)
            return found;
    }
    return undefined;
}

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
        const installed = packageVersion((0,external_node_path_.join)(dir, 'node_modules', UPDATER));
        const version = installed ? semver_default().valid(installed.version) : null;
        if (version)
            return { version, source: `installed ${UPDATER} ${version}` };
    }
    for (const dir of projectDirs) {
        const found = readPackageJson(dir);
        const manifest = found?.manifest;
        const deps = { ...manifest?.devDependencies, ...manifest?.dependencies };
        const range = deps[UPDATER];
        if (typeof range !== 'string')
            continue;
        const lowest = semver_default().validRange(range) ? semver_default().minVersion(range) : null;
        if (lowest)
            return { version: lowest.version, source: `${UPDATER} "${range}" in ${found?.path} (lowest allowed ${lowest.version})` };
    }
    return undefined;
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
    const check = configPath.endsWith('.json')
        ? JSON.parse(edited).plugins?.CapacitorUpdater?.publicKey
        : readSourceString(edited, ['plugins', 'CapacitorUpdater', 'publicKey']);
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
    const unit = firstInner && text.slice(source.tokens[root].end, firstInner.start).includes('\n')
        ? lineIndent(text, firstInner.start).slice(rootIndent.length) || '  '
        : '  ';
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
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __nccwpck_require__(8522);
// EXTERNAL MODULE: ./src/bundle/format.ts
var bundle_format = __nccwpck_require__(1097);
;// CONCATENATED MODULE: ./src/bounded.ts
/**
 * Runs `work(index)` for every index below `count`, at most `limit` at once;
 * `start` is called once per lane, so a lane can own its buffers. After the
 * first failure, or once `signal` aborts, no new index starts and the ones in
 * flight finish; `stopped()`, handed to each, tells one that waits inside
 * (for Slots, say) not to start its costly part. Returns the first failure
 * rather than throwing it, so each caller decides how it ranks against a
 * cancel and what to clean up first.
 */
async function runBounded(count, limit, start, signal) {
    let next = 0;
    let failure;
    const stopped = () => failure !== undefined || signal?.aborted === true;
    const lane = async () => {
        const work = start();
        while (!stopped() && next < count) {
            const index = next++;
            try {
                await work(index, stopped);
            }
            catch (error) {
                failure ??= { error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, lane));
    return failure;
}
/**
 * Lends out a fixed set of items (say, buffers that go with a costly step),
 * each to one caller at a time; callers beyond them wait, first come first
 * served. Bounds one step of a runBounded lane without bounding the rest.
 */
class Slots {
    free;
    waiting = [];
    constructor(free) {
        this.free = free;
    }
    async use(work) {
        const item = this.free.pop() ?? (await new Promise((resolve) => this.waiting.push(resolve)));
        try {
            return await work(item);
        }
        finally {
            const next = this.waiting.shift();
            if (next)
                next(item);
            else
                this.free.push(item);
        }
    }
}

;// CONCATENATED MODULE: ./src/bundle/delta.ts










/** Files smaller than this are never Brotli-compressed (the official CLI's threshold). */
const BROTLI_MIN_BYTES = 8192;
/** Compression must save more than this many bytes, else the file ships as is. */
const BROTLI_MIN_SAVING = 10;
/** Files in flight at once (read, compressed or signed): enough to keep a remote signer busy while files are compressed. */
const DELTA_CONCURRENCY = 16;
/**
 * Of those, files being read, compressed and encrypted at once: libuv's 4
 * thread-pool threads run the Brotli work, so more only wait there, each
 * holding a live encoder. At quality 11 an encoder's native memory grows with
 * its input (hash tree and ring buffer, ~9 bytes per input byte, kept until
 * the file ends; zopfli's ~50 bytes per byte of block while it runs).
 * Measured on processDelta alone, 3,000 files of up to 46 KB: RSS +28-31 MB
 * with 16 files compressing, +14-17 MB with 4; 40 files of 600 KB: +195 MB
 * and +62 MB. Peak RSS of the bench's delta rows, storage capgo and s3:
 * 180-181 -> 165 and 160 -> 149-152 MB on Node 20; 188-189 -> 167-169 and
 * 175-179 -> 160-165 MB on Node 24.
 */
const DELTA_COMPRESSING = 4;
/** Capgo takes at most this many files per delta upload (official CLI 8.68.1). */
const MAX_DELTA_FILES = 10_000;
/**
 * Paths the official CLI never puts in a manifest, matched as substrings of the
 * path as it does (so `.git` also leaves out `.gitkeep` and `.github/`). They
 * stay in the zip. Matched against the build-relative name, not the absolute
 * path: a build under a folder called `node_modules` keeps its files.
 */
const DELTA_SKIPPED_SUBSTRINGS = [
    '.DS_Store',
    '.git',
    '.gitignore',
    'node_modules',
    'package-lock.json',
    'tsconfig.json',
    'tsconfig.app.json',
    'tsconfig.spec.json',
];
/** Why a build file has no manifest entry, or undefined when it has one. */
function deltaSkipReason(file) {
    if (file.size === 0)
        return 'empty (devices refuse a file that decrypts to nothing)';
    const hit = DELTA_SKIPPED_SUBSTRINGS.find((part) => file.name.includes(part));
    return hit ? `path contains ${hit}` : undefined;
}
/** The build files that become manifest entries, in walk order. */
function deltaCandidates(files) {
    return files.filter((file) => deltaSkipReason(file) === undefined);
}
/**
 * `brotli-exclude`: the exclude input's glob rules; a pattern naming a folder
 * covers every file below it, as it does for `exclude`.
 */
function brotliExcluder(patterns) {
    const matches = excluder(patterns, 'brotli-exclude');
    return (name) => {
        if (matches(name))
            return true;
        for (let at = name.indexOf('/'); at > 0; at = name.indexOf('/', at + 1))
            if (matches(name.slice(0, at)))
                return true;
        return false;
    };
}
const READ_BYTES = 64 * 1024;
const WRITE_BYTES = 64 * 1024;
/** Per worker: one read and one write buffer, reused for every file it processes, so memory does not grow with file count or size. */
class Worker {
    input = Buffer.allocUnsafeSlow(READ_BYTES);
    output = Buffer.allocUnsafeSlow(WRITE_BYTES);
}
/** Appends to a file through the worker's reused buffer with writeSync: no per-chunk buffer outlives the call. */
class BufferedFile {
    fd;
    buffer;
    bytes = 0;
    used = 0;
    constructor(fd, buffer) {
        this.fd = fd;
        this.buffer = buffer;
    }
    write(chunk) {
        this.bytes += chunk.length;
        if (this.used + chunk.length > this.buffer.length)
            this.flush();
        if (chunk.length >= this.buffer.length) {
            for (let at = 0; at < chunk.length;)
                at += (0,external_node_fs_.writeSync)(this.fd, chunk, at, chunk.length - at);
            return;
        }
        chunk.copy(this.buffer, this.used);
        this.used += chunk.length;
    }
    flush() {
        for (let at = 0; at < this.used;)
            at += (0,external_node_fs_.writeSync)(this.fd, this.buffer, at, this.used - at);
        this.used = 0;
    }
    reset() {
        this.used = 0;
        this.bytes = 0;
        (0,external_node_fs_.ftruncateSync)(this.fd, 0);
    }
}
/**
 * Turns the build's files into manifest entries, as the official CLI does
 * with `--delta` (capgo-api.md "Delta uploads"): skip rules, Brotli at >= 8192
 * bytes when it saves more than 10 bytes (Node's default parameters), then
 * AES-128-CBC with the bundle's own session key and IV when encrypted, and
 * `file_hash` the signed SHA-256 of the original bytes in the bundle's
 * checksum format (plain hex when not encrypted). Each processed file is
 * written as `{outDir}/{sha256}_{file_name}`. At most `concurrency` files are
 * in flight, at most DELTA_COMPRESSING of them read and compressed at once,
 * each streaming through the two reused buffers of the worker it holds.
 */
async function processDelta(options) {
    const { settings } = options;
    if (settings.encrypted && (options.session?.key.length !== bundle_format/* SESSION_KEY_BYTES */.Dk || options.session.iv.length !== bundle_format/* IV_BYTES */.uX)) {
        throw new Error('an encrypted delta needs the bundle session key and IV');
    }
    const outDir = (0,external_node_path_.resolve)(options.outDir);
    const { candidates } = settings;
    const excluded = brotliExcluder(settings.brotliExclude);
    const signatures = new Map();
    const sign = (sha256) => {
        if (!settings.encrypted)
            return Promise.resolve(sha256);
        let signed = signatures.get(sha256);
        if (!signed) {
            signed = (0,bundle_format/* signChecksumWith */.FH)(options.key, sha256, options.checksumFormat);
            signatures.set(sha256, signed);
        }
        return signed;
    };
    await (0,promises_.rm)(outDir, { recursive: true, force: true });
    await (0,promises_.mkdir)(outDir, { recursive: true });
    // The pack's verify leaves spent buffers behind; they go before the files start (measured: the run's peak was here).
    (0,memory/* collectAll */._U)();
    const results = new Array(candidates.length);
    const concurrency = options.concurrency ?? DELTA_CONCURRENCY;
    const workers = new Slots(Array.from({ length: Math.min(concurrency, DELTA_COMPRESSING) }, () => new Worker()));
    const failure = await runBounded(candidates.length, concurrency, () => async (index, stopped) => {
        const file = candidates[index];
        const compress = settings.brotli && file.size >= BROTLI_MIN_BYTES && !excluded(file.name);
        const processed = await workers.use(async (worker) => {
            // A file that waited for a worker while another failed or the run was cancelled is not started.
            if (stopped())
                return undefined;
            return processFile(file, compress, options.session, settings.encrypted, worker, (0,external_node_path_.join)(outDir, `.${index}.${(0,external_node_crypto_.randomUUID)()}.partial`));
        });
        if (!processed)
            return;
        try {
            const fileHash = await sign(processed.sha256);
            const target = (0,external_node_path_.join)(outDir, `${processed.sha256}_${processed.fileName}`);
            await (0,promises_.mkdir)((0,external_node_path_.dirname)(target), { recursive: true });
            await (0,promises_.rename)(processed.partial, target);
            results[index] = { fileName: processed.fileName, sha256: processed.sha256, fileHash, path: target, size: processed.size };
        }
        catch (error) {
            await (0,promises_.rm)(processed.partial, { force: true });
            throw error;
        }
        options.onProgress?.(file.size, 1);
    }, options.signal);
    if (failure || options.signal?.aborted) {
        await (0,promises_.rm)(outDir, { recursive: true, force: true });
        if (failure)
            throw failure.error;
        options.signal?.throwIfAborted();
    }
    return { encrypted: settings.encrypted, dir: outDir, files: results, bytes: results.reduce((sum, file) => sum + file.size, 0) };
}
/**
 * One file: read once through the worker's buffer, hashed and (when worth
 * trying) Brotli-compressed on the way, encrypted, written. When Brotli saves
 * 10 bytes or fewer, the file is read a second time and written as is.
 */
async function processFile(file, tryBrotli, session, encrypted, worker, partial) {
    const input = await (0,promises_.open)(file.source, 'r').catch((error) => {
        throw changed(file, error.code === 'ENOENT' ? 'disappeared' : `cannot be read (${error.code ?? error.message})`);
    });
    const fd = (0,external_node_fs_.openSync)(partial, 'wx', 0o644);
    let closed = false;
    try {
        const out = new BufferedFile(fd, worker.output);
        let cipher = encrypted && session ? (0,external_node_crypto_.createCipheriv)(bundle_format/* CIPHER */.s6, session.key, session.iv) : undefined;
        const emit = (data) => {
            if (!cipher)
                return out.write(data);
            const sealed = cipher.update(data);
            out.write(sealed);
            (0,memory/* dropped */.p)(sealed.length);
        };
        const hash = (0,external_node_crypto_.createHash)('sha256');
        let compressedBytes = -1;
        if (tryBrotli) {
            const brotli = (0,external_node_zlib_.createBrotliCompress)({ params: { [external_node_zlib_.constants.BROTLI_PARAM_SIZE_HINT]: file.size } });
            let compressed = 0;
            brotli.on('data', (chunk) => {
                compressed += chunk.length;
                try {
                    emit(chunk);
                }
                catch (error) {
                    brotli.destroy(error);
                }
                (0,memory/* dropped */.p)(chunk.length);
            });
            const ended = new Promise((resolveEnd, rejectEnd) => {
                brotli.once('end', resolveEnd);
                brotli.once('error', rejectEnd);
            });
            ended.catch(() => undefined);
            try {
                await readAll(input, file, worker.input, async (chunk) => {
                    hash.update(chunk);
                    // zlib reads the chunk on the thread pool: the buffer is reused only after the write's callback.
                    // An error destroys the stream without calling back the write in flight: ended rejects then.
                    await Promise.race([writeTo(brotli, chunk), ended]);
                });
                brotli.end();
                await ended;
            }
            catch (error) {
                brotli.destroy();
                throw error;
            }
            compressedBytes = compressed;
        }
        let sha256 = tryBrotli ? hash.digest('hex') : '';
        const compressedWins = tryBrotli && file.size - compressedBytes > BROTLI_MIN_SAVING;
        if (!compressedWins) {
            if (tryBrotli) {
                out.reset();
                cipher = encrypted && session ? (0,external_node_crypto_.createCipheriv)(bundle_format/* CIPHER */.s6, session.key, session.iv) : undefined;
            }
            const plainHash = (0,external_node_crypto_.createHash)('sha256');
            await readAll(input, file, worker.input, async (chunk) => {
                plainHash.update(chunk);
                emit(chunk);
            });
            const second = plainHash.digest('hex');
            if (tryBrotli && second !== sha256)
                throw changed(file, 'changed while it was read');
            sha256 = second;
        }
        if (cipher) {
            const last = cipher.final();
            out.write(last);
        }
        out.flush();
        (0,external_node_fs_.closeSync)(fd);
        closed = true;
        return { fileName: compressedWins ? `${file.name}.br` : file.name, sha256, size: out.bytes, partial };
    }
    catch (error) {
        if (!closed)
            (0,external_node_fs_.closeSync)(fd);
        await (0,promises_.rm)(partial, { force: true });
        throw error;
    }
    finally {
        await input.close();
    }
}
/** Reads the whole file from the start into the reused buffer, chunk by chunk; the size must still be what the plan saw and the pack zipped. */
async function readAll(input, file, buffer, take) {
    let position = 0;
    for (;;) {
        const { bytesRead } = await input.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0)
            break;
        position += bytesRead;
        if (position > file.size)
            break;
        await take(buffer.subarray(0, bytesRead));
    }
    if (position !== file.size)
        throw changed(file, `changed size while the run read it (${file.size} bytes when packed, ${position} now)`);
}
function writeTo(stream, chunk) {
    return new Promise((resolveWrite, rejectWrite) => {
        stream.write(chunk, (error) => (error ? rejectWrite(error) : resolveWrite()));
    });
}
function changed(file, what) {
    return new errors/* BundleError */.rJ('build_changed', `${file.name} ${what}: the delta files must match the zip just packed; run again once the build folder stays still.`, 'path');
}
/**
 * The bundle's session key and IV for the delta step, recovered from its
 * ivSessionKey with the public key exactly as a device does: the pack hands on
 * nothing secret, and a session key that does not open with the app's key
 * fails here, before any file is processed. The caller zero-fills `key`.
 */
function openDeltaSession(ivSessionKey, publicPem) {
    const { iv, encryptedKey } = (0,bundle_format/* parseIvSessionKey */.ob)(ivSessionKey);
    return { key: (0,bundle_format/* recoverSessionKey */.sd)((0,external_node_crypto_.createPublicKey)(publicPem), encryptedKey), iv };
}

// EXTERNAL MODULE: ./src/bundle/streams.ts
var streams = __nccwpck_require__(4421);
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
function isStored(name) {
    const dot = name.lastIndexOf('.');
    return dot >= 0 && STORED_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}
/** Every file of the build, sorted by zip name; the rules are in walk.ts. */
async function listBuildFiles(buildDir, input = 'path') {
    return walkBuild(buildDir, { input });
}
/**
 * Writes the zip into `sink`, entries in the given order; byte-identical for
 * identical contents (fixed time and mode, no extra fields).
 *
 * Written here rather than with archiver for two reasons measured on a 100 MB
 * build: archiver took 8.2 s where read + deflate alone take 2.3 s, and it
 * gives STORED entries a data descriptor, which Android's ZipInputStream
 * (what the updater plugin unzips with) refuses: "only DEFLATED entries can
 * have EXT descriptor".
 *
 * How both cores stay busy with memory flat in size and file count: deflate
 * is the only heavy work, so it runs as jobs on the libuv pool, up to
 * MAX_JOBS (and WINDOW_BYTES of input) ahead of the entry being written. A
 * job is a whole file up to PIECE_BYTES, or one PIECE_BYTES piece of a
 * larger file, compressed pigz-style: primed with the previous 32 KiB as
 * dictionary and ended with a sync flush, so the pieces of one file deflate
 * in parallel and concatenate into one valid deflate stream. Everything else
 * (reading from the page cache into reused buffers, CRC-32, hashing,
 * encrypting, writing) is synchronous on the main thread and never waits
 * behind queued deflate jobs. Whole-file entries carry sizes and CRC in the
 * local header; pieced deflated files end with a data descriptor, which
 * ZipInputStream accepts for DEFLATED entries; stored files of any size carry
 * sizes and CRC in the local header (read twice when larger than a piece).
 */
async function writeZip(files, sink, onFile) {
    if (files.length > zip_MAX_ZIP_ENTRIES) {
        throw new errors/* BundleError */.rJ('zip_too_large', `path: ${files.length} files exceed the ${zip_MAX_ZIP_ENTRIES} entries a zip without ZIP64 can hold.`, 'path');
    }
    const writer = new ZipWriter(files, sink, onFile);
    await writer.run();
    return writer.stats();
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
/** Deflate job size: whole files up to this, larger ones in pieces of this; also the read size for stored files. */
const PIECE_BYTES = 1024 * 1024;
/**
 * Deflate jobs queued or running on the libuv pool. A typical web build is
 * thousands of files of a few tens of KB, each under a millisecond of
 * deflate, and every job needs the main thread once to hand back its output
 * and once to start the next: with 6 in flight, a main-thread stretch of a
 * few milliseconds (a stored file, a collection) left the pool idle, and the
 * pack kept 1.66 of two cores busy on an idle machine. 24 queued jobs ride
 * out those stretches (1.75-1.81 measured under load, same tree); each is a
 * reused deflate stream of ~330 KB (zlib state and output buffer), so this
 * costs ~6 MB more than 6.
 */
const MAX_JOBS = 24;
/** Input bytes of the jobs not yet written: with MAX_JOBS, what bounds memory whatever the build's size or file count. */
const WINDOW_BYTES = 16 * 1024 * 1024;
/**
 * Output buffer of the reused deflate streams. With zlib's default 16 KiB,
 * Node 24 (not 20) grew by ~10 KB per file until the pack ended: 330 MB peak
 * on a 1 GB build of 30,000 files. At 64 KiB it stays flat (measured on
 * 9,000 files: 104 MB on Node 24, 88 MB on Node 20).
 */
const DEFLATE_CHUNK = 64 * 1024;
/** Deflate's window: each piece after the first is primed with this much of the data before it. */
const DICTIONARY_BYTES = 32 * 1024;
/**
 * A long synchronous stretch lets finished jobs call back and new ones start
 * this often: a large stored file, or a run of small stored files (images
 * sorted together), which only chain promises and never reach the event
 * loop otherwise. Measured on the 1 GB tree of 30,000 files: a 2-second
 * stretch of images with no turn of the loop left the pool idle and let V8
 * grow its heap to 155 MB. 1 MiB is ~4 ms of main-thread work, about what
 * the queued deflate jobs last on two cores.
 */
const YIELD_EVERY_BYTES = 1024 * 1024;
function localHeader(name, flags, method, crc, compressedSize, size) {
    const header = Buffer.alloc(30 + name.length);
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
    name.copy(header, 30);
    return header;
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
    const size = entries.reduce((sum, entry) => sum + 46 + entry.name.length, 0);
    const directory = Buffer.alloc(size + 22);
    let at = 0;
    for (const entry of entries) {
        directory.writeUInt32LE(CENTRAL_HEADER, at);
        directory.writeUInt16LE(VERSION_MADE_BY, at + 4);
        directory.writeUInt16LE(VERSION_NEEDED, at + 6);
        directory.writeUInt16LE(entry.flags, at + 8);
        directory.writeUInt16LE(entry.method, at + 10);
        directory.writeUInt16LE(DOS_TIME, at + 12);
        directory.writeUInt16LE(DOS_DATE, at + 14);
        directory.writeUInt32LE(entry.crc, at + 16);
        directory.writeUInt32LE(entry.compressedSize, at + 20);
        directory.writeUInt32LE(entry.size, at + 24);
        directory.writeUInt16LE(entry.name.length, at + 28);
        directory.writeUInt32LE(EXTERNAL_ATTRIBUTES, at + 38);
        directory.writeUInt32LE(entry.offset, at + 42);
        entry.name.copy(directory, at + 46);
        at += 46 + entry.name.length;
    }
    directory.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, at);
    directory.writeUInt16LE(entries.length, at + 8);
    directory.writeUInt16LE(entries.length, at + 10);
    directory.writeUInt32LE(size, at + 12);
    directory.writeUInt32LE(offset, at + 16);
    return directory;
}
function fileChanged(file) {
    return new errors/* BundleError */.rJ('build_changed', `path: ${file.name} changed while it was being packed; run again once the build has finished writing.`, 'path');
}
/** Fills `buffer` from `position` (fewer bytes only at the end of the file). */
function readFully(fd, buffer, position) {
    let filled = 0;
    while (filled < buffer.length) {
        const read = (0,external_node_fs_.readSync)(fd, buffer, filled, buffer.length - filled, position + filled);
        if (read === 0)
            break;
        filled += read;
    }
    return filled;
}
const byteLength = (chunks) => chunks.reduce((sum, chunk) => sum + chunk.length, 0);
/** A vanished file throws ENOENT with its path, which packFailure turns into one line naming it. */
function openSource(file) {
    return (0,external_node_fs_.openSync)(file.source, 'r');
}
class ZipWriter {
    files;
    sink;
    onFile;
    entries = [];
    offset = 0;
    jobs = [];
    running = 0;
    windowBytes = 0;
    /** The next file and byte the scheduler reads; always at or past the file being written. */
    nextFile = 0;
    nextByte = 0;
    crcAhead = 0;
    dictionary;
    keyCheck;
    fd;
    /** Input buffers of finished jobs, reused so reads allocate nothing in steady state. */
    spare = [];
    scratch = Buffer.allocUnsafeSlow(PIECE_BYTES);
    failure;
    deflaters = [];
    idle = [];
    closed = false;
    startedAt = performance.now();
    changedAt = this.startedAt;
    busyMs = 0;
    /** Bytes written since the event loop last had a turn. */
    sinceYield = 0;
    constructor(files, sink, 
    /** Told when a file is wholly in the zip: feeds the progress line. */
    onFile) {
        this.files = files;
        this.sink = sink;
        this.onFile = onFile;
    }
    async run() {
        try {
            for (let index = 0; index < this.files.length; index++) {
                this.schedule(index);
                if (isStored(this.files[index].name))
                    await this.writeStored(index);
                else
                    await this.writeDeflated(index);
                this.onFile?.(this.files[index]);
                if (this.sinceYield >= YIELD_EVERY_BYTES)
                    await this.breathe(index + 1);
            }
            this.emit(centralDirectory(this.entries, this.offset));
        }
        finally {
            if (this.fd !== undefined)
                (0,external_node_fs_.closeSync)(this.fd);
            this.fd = undefined;
            this.closed = true;
            for (const stream of this.deflaters)
                stream.close();
        }
    }
    emit(chunk) {
        this.offset += chunk.length;
        if (this.offset > MAX_ZIP_OFFSET)
            throw new errors/* BundleError */.rJ('zip_too_large', 'path: the zip would exceed 4 GiB, more than devices and zip without ZIP64 can handle.', 'path');
        this.sink.write(chunk);
        this.sinceYield += chunk.length;
    }
    /** Starts deflate jobs ahead, in file order, within MAX_JOBS and WINDOW_BYTES; at least one when `current` has none yet. */
    schedule(current) {
        if (this.failure)
            throw this.failure;
        while (this.nextFile < this.files.length) {
            const file = this.files[this.nextFile];
            if (isStored(file.name)) {
                this.nextFile++;
                continue;
            }
            const bytes = Math.min(PIECE_BYTES, file.size - this.nextByte);
            const needed = this.nextFile === current && !this.jobs.length;
            if (!needed && (this.running >= MAX_JOBS || this.windowBytes + bytes > WINDOW_BYTES))
                return;
            this.startJob(file);
        }
    }
    startJob(file) {
        if (this.fd === undefined)
            this.fd = openSource(file);
        if (this.nextByte === 0)
            this.keyCheck = privateKeyCheck(file.name);
        const want = Math.min(PIECE_BYTES, file.size - this.nextByte);
        const last = this.nextByte + want >= file.size;
        // The last read asks for one byte more: a file that grew shows here, one that shrank anywhere.
        const input = this.takeBuffer(want + 1);
        if (readFully(this.fd, input.subarray(0, last ? want + 1 : want), this.nextByte) !== want)
            throw fileChanged(file);
        const data = input.subarray(0, want);
        // Checked before deflate sees the piece: a key's bytes never reach the output.
        this.keyCheck?.(data);
        this.crcAhead = (0,external_node_zlib_.crc32)(data, this.crcAhead);
        const output = (last && this.nextByte === 0 ? this.deflateWhole(data) : this.deflatePiece(data, last)).then((chunks) => {
            this.setRunning(-1);
            this.spare.push(input);
            return chunks;
        }, (error) => {
            this.setRunning(-1);
            this.failure ??= error;
            throw error;
        });
        // Handled when awaited; this keeps a failure of a job ahead from being reported as unhandled.
        output.catch(() => undefined);
        this.setRunning(1);
        this.windowBytes += want;
        this.jobs.push({ file: this.nextFile, bytes: want, crc: this.crcAhead, last, output });
        if (last) {
            (0,external_node_fs_.closeSync)(this.fd);
            this.fd = undefined;
            this.dictionary = undefined;
            this.crcAhead = 0;
            this.nextFile++;
            this.nextByte = 0;
        }
        else {
            this.nextByte += want;
            this.dictionary = Buffer.from(data.subarray(Math.max(0, want - DICTIONARY_BYTES)));
        }
    }
    /**
     * A whole file through one of the reused deflate streams: one write that
     * also finishes (the stream's flush mode is Z_FINISH), then reset. A write
     * followed by flush() took two trips through the pool and the main thread
     * per file; one-shot deflateRaw() would build a zlib stream per file, whose
     * buffers Node 24 frees only at a full collection (measured: 2,000 calls
     * left 23 MB behind, against 3 MB with streams reused).
     */
    deflateWhole(data) {
        const stream = this.idle.pop() ?? this.newDeflater();
        return new Promise((resolve, reject) => {
            const chunks = [];
            const onData = (chunk) => chunks.push(chunk);
            const onError = (error) => {
                stream.off('data', onData);
                reject(error);
            };
            stream.on('data', onData);
            stream.once('error', onError);
            stream.write(data, () => {
                stream.off('data', onData);
                stream.off('error', onError);
                // After a failure elsewhere the streams are closed: nothing to reuse.
                if (this.closed)
                    return resolve(chunks);
                stream.reset();
                this.idle.push(stream);
                resolve(chunks);
            });
        });
    }
    newDeflater() {
        // Every write is a whole file: finishing it in the same trip to the pool.
        const stream = (0,external_node_zlib_.createDeflateRaw)({ level: DEFLATE_LEVEL, chunkSize: DEFLATE_CHUNK, flush: external_node_zlib_.constants.Z_FINISH });
        this.deflaters.push(stream);
        return stream;
    }
    /** One piece of a large file: primed with the 32 KiB before it, ended with a sync flush unless it is the last. */
    deflatePiece(data, last) {
        const options = { level: DEFLATE_LEVEL };
        if (this.dictionary)
            options.dictionary = this.dictionary;
        if (!last)
            options.finishFlush = external_node_zlib_.constants.Z_SYNC_FLUSH;
        return new Promise((resolve, reject) => (0,external_node_zlib_.deflateRaw)(data, options, (error, result) => (error ? reject(error) : resolve([result]))));
    }
    setRunning(change) {
        const now = performance.now();
        if (this.running >= 2)
            this.busyMs += now - this.changedAt;
        this.changedAt = now;
        this.running += change;
    }
    stats() {
        const wall = performance.now() - this.startedAt;
        return { twoJobsShare: wall > 0 ? this.busyMs / wall : 0 };
    }
    takeBuffer(size) {
        const index = this.spare.findIndex((buffer) => buffer.length >= size);
        if (index >= 0)
            return this.spare.splice(index, 1)[0];
        // Keep at most MAX_JOBS spares; the smallest make room for this larger one.
        if (this.spare.length >= MAX_JOBS)
            this.spare.sort((a, b) => a.length - b.length).shift();
        return Buffer.allocUnsafeSlow(Math.max(size, 64 * 1024));
    }
    async writeDeflated(index) {
        const file = this.files[index];
        const name = Buffer.from(file.name, 'utf8');
        const utf8 = Buffer.byteLength(file.name) !== file.name.length ? FLAG_UTF8 : 0;
        const entryOffset = this.offset;
        const first = this.jobs[0];
        if (first?.file !== index)
            throw new Error(`unreachable: no deflate job for ${file.name}`);
        if (first.last) {
            // A whole file: sizes and CRC in the local header.
            const compressed = await this.next();
            const compressedSize = byteLength(compressed);
            this.emit(localHeader(name, utf8, METHOD_DEFLATED, first.crc, compressedSize, file.size));
            for (const chunk of compressed)
                this.emit(chunk);
            this.entries.push({
                name,
                flags: utf8,
                method: METHOD_DEFLATED,
                crc: first.crc,
                compressedSize,
                size: file.size,
                offset: entryOffset,
            });
            return;
        }
        const flags = utf8 | FLAG_DATA_DESCRIPTOR;
        this.emit(localHeader(name, flags, METHOD_DEFLATED, 0, 0, 0));
        let compressedSize = 0;
        let crc = 0;
        for (let done = false; !done;) {
            this.schedule(index);
            const job = this.jobs[0];
            if (job?.file !== index)
                throw new Error(`unreachable: missing a piece of ${file.name}`);
            const compressed = await this.next();
            compressedSize += byteLength(compressed);
            crc = job.crc;
            done = job.last;
            for (const chunk of compressed)
                this.emit(chunk);
        }
        this.emit(dataDescriptor(crc, compressedSize, file.size));
        this.entries.push({ name, flags, method: METHOD_DEFLATED, crc, compressedSize, size: file.size, offset: entryOffset });
    }
    /** Lets finished jobs call back and starts the next ones: the pool keeps working through a long synchronous stretch. */
    async breathe(current) {
        this.sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
        this.schedule(current);
    }
    /** The oldest job's output, once done; its bytes leave the window. */
    async next() {
        const job = this.jobs[0];
        const output = await job.output;
        this.jobs.shift();
        this.windowBytes -= job.bytes;
        this.schedule(job.file);
        (0,memory/* dropped */.p)(byteLength(output));
        return output;
    }
    async writeStored(index) {
        const file = this.files[index];
        const name = Buffer.from(file.name, 'utf8');
        const utf8 = Buffer.byteLength(file.name) !== file.name.length ? FLAG_UTF8 : 0;
        const entryOffset = this.offset;
        const fd = openSource(file);
        try {
            let crc = 0;
            let size = 0;
            if (file.size < this.scratch.length) {
                size = readFully(fd, this.scratch, 0);
                if (size !== file.size)
                    throw fileChanged(file);
                const data = this.scratch.subarray(0, size);
                privateKeyCheck(file.name)(data);
                crc = (0,external_node_zlib_.crc32)(data);
                this.emit(localHeader(name, utf8, METHOD_STORED, crc, size, size));
                this.emit(data);
            }
            else {
                // Too large to hold: CRC and key check first (the header needs the CRC), then the data, checked against the first pass.
                const keys = privateKeyCheck(file.name);
                for (let read = readFully(fd, this.scratch, 0); read > 0; read = readFully(fd, this.scratch, size)) {
                    keys(this.scratch.subarray(0, read));
                    crc = (0,external_node_zlib_.crc32)(this.scratch.subarray(0, read), crc);
                    size += read;
                    if (size % YIELD_EVERY_BYTES < read)
                        await this.breathe(index);
                }
                if (size !== file.size)
                    throw fileChanged(file);
                this.emit(localHeader(name, utf8, METHOD_STORED, crc, size, size));
                let check = 0;
                let written = 0;
                for (let read = readFully(fd, this.scratch, 0); read > 0; read = readFully(fd, this.scratch, written)) {
                    check = (0,external_node_zlib_.crc32)(this.scratch.subarray(0, read), check);
                    this.emit(this.scratch.subarray(0, read));
                    written += read;
                    if (written % YIELD_EVERY_BYTES < read)
                        await this.breathe(index);
                }
                if (check !== crc || written !== size)
                    throw fileChanged(file);
            }
            this.entries.push({ name, flags: utf8, method: METHOD_STORED, crc, compressedSize: size, size, offset: entryOffset });
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    }
}
/** The plaintext zip on disk, for tools that encrypt in a second step; complete or absent. */
async function writeZipFile(files, target) {
    let stage;
    await (0,streams/* writeFileAtomically */.lo)(target, async (file) => {
        stage = new streams/* HashAndEncryptSink */.e4(file);
        await writeZip(files, stage);
    }).catch((error) => {
        throw packFailure(error, files, (0,external_node_path_.dirname)(target), stage?.plainBytes);
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
    const startedAt = performance.now();
    const startedCpu = process.cpuUsage();
    const files = options.files ?? (await listBuildFiles(options.buildDir));
    // What the plan left (the walk, the notifyAppReady scan) goes before the pack: V8 may not run a full
    // collection again until the end, and the heap it keeps stays resident all through the pack.
    (0,memory/* collectAll */._U)();
    const fileName = bundleFileName(options.appId, options.version);
    const outputDir = (0,external_node_path_.resolve)(options.outputDir);
    const target = (0,external_node_path_.join)(outputDir, fileName);
    const sessionKey = (0,external_node_crypto_.randomBytes)(bundle_format/* SESSION_KEY_BYTES */.Dk);
    const iv = (0,external_node_crypto_.randomBytes)(bundle_format/* IV_BYTES */.uX);
    const ivSessionKey = await (0,bundle_format/* sealSessionKey */.z0)(options.key, sessionKey, iv);
    await (0,promises_.mkdir)(outputDir, { recursive: true });
    let stage;
    let zipStats;
    try {
        await (0,streams/* writeFileAtomically */.lo)(target, async (file, partial) => {
            if (options.tap) {
                options.tap.opened(partial);
                file.onFlushed = options.tap.flushed.bind(options.tap);
            }
            stage = new streams/* HashAndEncryptSink */.e4(file, sessionKey, iv);
            zipStats = await writeZip(files, stage, options.onProgress && ((file) => options.onProgress?.(file.size, 1)));
            stage.end();
        });
    }
    catch (error) {
        throw packFailure(error, files, outputDir, stage?.cipherBytes);
    }
    finally {
        sessionKey.fill(0);
    }
    if (!stage)
        throw new Error('unreachable: no bytes were packed');
    (0,memory/* collectAll */._U)();
    const sha256 = stage.hash.digest('hex');
    const cpu = process.cpuUsage(startedCpu);
    const wallMs = Math.round(performance.now() - startedAt);
    const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
    logger.debug(`packed ${files.length} files: zip ${stage.plainBytes} bytes, encrypted ${stage.cipherBytes} bytes`);
    const fed = zipStats ? `, two or more deflate jobs in flight ${Math.round(zipStats.twoJobsShare * 100)}% of the time` : '';
    logger.debug(`pack stage: ${wallMs} ms wall, ${cpuMs} ms CPU (${(cpuMs / Math.max(wallMs, 1)).toFixed(2)} cores busy${fed})`);
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

;// CONCATENATED MODULE: ./src/bundle/verify-manifest.ts








/** Devices would refuse this manifest; `reason` names the step, `fileName` the entry. */
class ManifestRejection extends errors/* BundleError */.rJ {
    reason;
    fileName;
    constructor(reason, detail, fileName) {
        super(`device_manifest_${reason}`, `devices would refuse this delta update (${reason})${fileName === undefined ? '' : `: ${JSON.stringify(fileName)}`}: ${detail}; nothing would be installed.`);
        this.reason = reason;
        this.fileName = fileName;
    }
}
/**
 * The path rules Android 8.x applies to the whole manifest before downloading
 * anything (capgo-format.md): no `..` segment, no backslash or NUL, not
 * absolute or empty, no two names equal once `.br` is dropped. 7.x checks none
 * of them, so a producer must.
 */
function manifestPathProblem(fileName) {
    if (fileName === '' || fileName === '.br')
        return 'the name is empty';
    if (fileName.includes('\\'))
        return 'the name contains a backslash';
    if (fileName.includes('\0'))
        return 'the name contains a NUL character';
    if (fileName.startsWith('/') || /^[A-Za-z]:/.test(fileName))
        return 'the name is an absolute path';
    if (fileName.split('/').some((segment) => segment === '..'))
        return 'the name has a ".." segment';
    return undefined;
}
function installedName(fileName) {
    return fileName.endsWith('.br') ? fileName.slice(0, -3) : fileName;
}
/** All path rules over the whole list, first failure thrown: Android refuses the manifest before any download. */
function checkManifestPaths(fileNames) {
    const seen = new Set();
    for (const fileName of fileNames) {
        const problem = manifestPathProblem(fileName);
        if (problem)
            throw new ManifestRejection('path_refused', problem, fileName);
        const installed = installedName(fileName);
        if (seen.has(installed))
            throw new ManifestRejection('path_refused', `another entry installs the same file ${JSON.stringify(installed)} (names are compared without .br)`, fileName);
        seen.add(installed);
    }
}
const SHA256_HEX = /^[0-9a-f]{64}$/;
const verify_manifest_READ_BYTES = 64 * 1024;
/**
 * Checks every manifest entry as @capgo/capacitor-updater does, written from
 * capgo-format.md rather than from delta.ts: path rules first; then per file
 * decrypt with the session key (when there is one), Brotli-decompress when the
 * name ends in .br, and compare the SHA-256 of the result with the hash
 * recovered from file_hash with the public key (or with file_hash itself for
 * a plain manifest). Files stream through one reused buffer per worker.
 */
async function verifyManifest(options) {
    checkManifestPaths(options.entries.map((entry) => entry.fileName));
    let session;
    let publicKey;
    if (options.ivSessionKey !== undefined) {
        if (!options.publicKey)
            throw new Error('verifyManifest: an encrypted manifest needs the public key');
        const parsed = (0,keys/* parsePublicKey */.ee)(options.publicKey, 'the public key');
        if (parsed.form !== 'pkcs1')
            throw new ManifestRejection('checksum_fail', 'the public key is SPKI ("BEGIN PUBLIC KEY"); Android skips decryption with it');
        publicKey = parsed.key;
        try {
            const { iv, encryptedKey } = (0,bundle_format/* parseIvSessionKey */.ob)(options.ivSessionKey);
            session = { key: (0,bundle_format/* recoverSessionKey */.sd)(parsed.key, encryptedKey), iv };
        }
        catch (error) {
            if (error instanceof bundle_format/* SessionKeyError */.o$)
                throw new ManifestRejection('decrypt_fail', `the session key: ${error.message}`);
            throw error;
        }
    }
    let downloadBytes = 0;
    let installedBytes = 0;
    try {
        const failure = await runBounded(options.entries.length, options.concurrency ?? 16, () => {
            const buffer = Buffer.allocUnsafeSlow(verify_manifest_READ_BYTES);
            return async (index) => {
                const entry = options.entries[index];
                const expected = expectedHash(entry, publicKey);
                const result = await installedHash(entry, session, buffer);
                if (result.bytes === 0)
                    throw new ManifestRejection('decrypt_fail', 'the file is empty once decrypted (Android refuses it)', entry.fileName);
                if (result.sha256 !== expected) {
                    throw new ManifestRejection('checksum_fail', `the SHA-256 of the ${session ? 'decrypted' : 'downloaded'}${entry.fileName.endsWith('.br') ? ', decompressed' : ''} file (${result.sha256}) is not the one file_hash names (${expected})`, entry.fileName);
                }
                downloadBytes += result.downloaded;
                installedBytes += result.bytes;
            };
        }, options.signal);
        if (failure)
            throw failure.error;
        options.signal?.throwIfAborted();
    }
    finally {
        session?.key.fill(0);
    }
    return { entries: options.entries.length, downloadBytes, installedBytes };
}
function expectedHash(entry, publicKey) {
    if (!publicKey) {
        if (!SHA256_HEX.test(entry.fileHash))
            throw new ManifestRejection('checksum_fail', 'file_hash is not a lowercase SHA-256 hex digest, and there is no session key to recover a signed one', entry.fileName);
        return entry.fileHash;
    }
    try {
        const { expectedSha256 } = (0,bundle_format/* recoverChecksum */.s1)(publicKey, entry.fileHash);
        return expectedSha256;
    }
    catch (error) {
        if (error instanceof bundle_format/* ChecksumError */.Al)
            throw new ManifestRejection('checksum_fail', `file_hash: ${error.message}`, entry.fileName);
        throw error;
    }
}
async function installedHash(entry, session, buffer) {
    const handle = await (0,promises_.open)(entry.path, 'r').catch((error) => {
        throw new ManifestRejection('download_fail', `${entry.path} cannot be read (${error.code ?? error.message})`, entry.fileName);
    });
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let bytes = 0;
    let downloaded = 0;
    const decipher = session ? (0,external_node_crypto_.createDecipheriv)(bundle_format/* CIPHER */.s6, session.key, session.iv) : undefined;
    const brotli = entry.fileName.endsWith('.br') ? (0,external_node_zlib_.createBrotliDecompress)() : undefined;
    const ended = brotli ? finished(brotli, entry.fileName) : undefined;
    // Handled here so a Brotli error before the last write is not an unhandled rejection; awaited below.
    ended?.catch(() => undefined);
    brotli?.on('data', (chunk) => {
        hash.update(chunk);
        bytes += chunk.length;
        (0,memory/* dropped */.p)(chunk.length);
    });
    const take = async (plain, copied) => {
        if (!brotli) {
            hash.update(plain);
            bytes += plain.length;
            return;
        }
        // zlib reads the input on the thread pool: a slice of the reused buffer must be copied first.
        const input = copied ? plain : Buffer.from(plain);
        // A Brotli error destroys the stream without calling back the write in flight: ended rejects then.
        await Promise.race([new Promise((resolveWrite) => brotli.write(input, () => resolveWrite())), ended]);
    };
    try {
        for (let position = 0;;) {
            const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
            if (bytesRead === 0)
                break;
            position += bytesRead;
            downloaded += bytesRead;
            const chunk = buffer.subarray(0, bytesRead);
            if (decipher) {
                const plain = verify_manifest_decrypt(() => decipher.update(chunk), entry.fileName);
                (0,memory/* dropped */.p)(plain.length);
                await take(plain, true);
            }
            else
                await take(chunk, false);
        }
        if (decipher)
            await take(verify_manifest_decrypt(() => decipher.final(), entry.fileName), true);
        if (brotli && ended) {
            brotli.end();
            await ended;
        }
    }
    catch (error) {
        brotli?.destroy();
        throw error;
    }
    finally {
        await handle.close();
    }
    return { sha256: hash.digest('hex'), bytes, downloaded };
}
function verify_manifest_decrypt(step, fileName) {
    try {
        return step();
    }
    catch {
        throw new ManifestRejection('decrypt_fail', 'AES-128-CBC decryption with the session key failed (bad padding): the file was changed, or encrypted with another key or IV', fileName);
    }
}
function finished(stream, fileName) {
    return new Promise((resolveEnd, rejectEnd) => {
        stream.once('end', resolveEnd);
        stream.once('error', (error) => rejectEnd(new ManifestRejection('decompress_fail', `the name ends in .br but the content is not a valid Brotli stream (${error.message})`, fileName)));
    });
}

;// CONCATENATED MODULE: ./src/release/native-packages.ts





/** A file below the package counts as native source when its name ends like this (the official CLI's test, unanchored at the start). */
const NATIVE_SOURCE = /([A-Za-z0-9]+)\.(java|swift|kt|scala)$/;
const RERUN_HINT = 'run after npm ci, or compatibility: ignore';
/**
 * The app's native packages, byte for byte what the official CLI puts into
 * `native_packages`: every dependency and devDependency of the package.json
 * files (first position wins, later files and devDependencies override the
 * range), looked up in the node_modules folders; only packages that are
 * Capacitor/Cordova plugins with Java/Kotlin/Swift/Scala sources are kept,
 * with SHA-256 checksums over their iOS and Android sources.
 */
function collectNativePackages(lookup) {
    const requested = requestedRanges(lookup.packageJsons);
    // The official CLI wants a node_modules folder even for an app without dependencies; there is nothing to look up.
    if (requested.size === 0)
        return [];
    const dirs = lookup.nodeModules.length ? lookup.nodeModules : ancestorNodeModules(lookup.start);
    if (!dirs.some((dir) => (0,external_node_fs_.existsSync)(dir))) {
        throw new errors/* BundleError */.rJ('node_modules_missing', `node-modules: no node_modules folder at ${dirs.join(', ')}; ${RERUN_HINT}.`, 'node-modules');
    }
    const result = [];
    const missing = [];
    for (const [name, range] of requested) {
        const found = locate(name, dirs);
        if (!found) {
            missing.push(name);
            continue;
        }
        if (!found.native)
            continue;
        const version = found.version ?? rangeFallback(range);
        const ios = platformChecksum(found.dir, 'ios');
        const android = platformChecksum(found.dir, 'android');
        result.push({
            name,
            version,
            requested_version: range,
            ...(ios ? { ios_checksum: ios } : {}),
            ...(android ? { android_checksum: android } : {}),
        });
    }
    if (missing.length) {
        const list = missing.join(', ');
        throw new errors/* BundleError */.rJ('dependency_not_installed', `node-modules: ${missing.length === 1 ? 'dependency' : 'dependencies'} ${list} listed in ${lookup.packageJsons.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed in ${dirs.join(', ')}; ${RERUN_HINT}.`, 'node-modules');
    }
    return result;
}
function requestedRanges(packageJsons) {
    const ranges = new Map();
    for (const path of packageJsons) {
        let manifest;
        try {
            manifest = JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
        }
        catch (error) {
            const missing = error.code === 'ENOENT';
            throw new errors/* BundleError */.rJ(missing ? 'package_json_missing' : 'package_json_invalid', missing
                ? `package-json: ${path} does not exist; set package-json, or compatibility: ignore.`
                : `package-json: ${path} is not valid JSON.`, 'package-json');
        }
        if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) {
            throw new errors/* BundleError */.rJ('package_json_invalid', `package-json: ${path} is not a JSON object.`, 'package-json');
        }
        const { dependencies, devDependencies } = manifest;
        for (const section of [dependencies, devDependencies]) {
            if (!section || typeof section !== 'object')
                continue;
            for (const [name, range] of Object.entries(section))
                if (typeof range === 'string')
                    ranges.set(name, range);
        }
    }
    return ranges;
}
/** node_modules of `start` and of each ancestor, nearest first. */
function ancestorNodeModules(start) {
    const dirs = [];
    const root = (0,external_node_path_.parse)(start).root;
    for (let dir = (0,external_node_path_.resolve)(start);; dir = (0,external_node_path_.dirname)(dir)) {
        dirs.push((0,external_node_path_.join)(dir, 'node_modules'));
        if (dir === root || (0,external_node_path_.dirname)(dir) === dir)
            return dirs;
    }
}
/** Every folder holding the package is looked at in order; the first one that is native wins, else the last one found (as the official CLI). */
function locate(name, dirs) {
    let found;
    for (const base of dirs) {
        const dir = (0,external_node_path_.join)(base, name);
        if (!(0,external_node_fs_.existsSync)(dir))
            continue;
        found = { dir, version: installedVersion(dir) ?? found?.version, native: false };
        if (!isPlugin(dir))
            continue;
        if (walkFiles(dir).some((file) => NATIVE_SOURCE.test(file.split(`node_modules${external_node_path_.sep}`)[1] || file))) {
            found.native = true;
            return found;
        }
    }
    return found;
}
function installedVersion(dir) {
    return packageVersion(dir)?.version || undefined;
}
/** A Cordova plugin (plugin.xml) or a Capacitor plugin (`capacitor.ios` / `capacitor.android` in its package.json). */
function isPlugin(dir) {
    if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'plugin.xml')))
        return true;
    const capacitor = readPackageJson(dir)?.manifest.capacitor;
    return (!!capacitor &&
        typeof capacitor === 'object' &&
        (capacitor.ios !== undefined || capacitor.android !== undefined));
}
/** Every file below `dir`, links not followed; an unreadable folder is an error (as in the official CLI). */
function walkFiles(dir) {
    try {
        return (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true }).flatMap((entry) => {
            const path = (0,external_node_path_.join)(dir, entry.name);
            return entry.isDirectory() ? walkFiles(path) : [path];
        });
    }
    catch (error) {
        if (error instanceof errors/* BundleError */.rJ)
            throw error;
        throw new errors/* BundleError */.rJ('node_modules_unreadable', `node-modules: cannot read ${dir} (${error.code ?? 'error'}); ${RERUN_HINT}.`, 'node-modules');
    }
}
/** Like walkFiles, but an unreadable folder contributes nothing. */
function walkFilesQuietly(dir) {
    if (!(0,external_node_fs_.existsSync)(dir))
        return [];
    try {
        return (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true }).flatMap((entry) => {
            const path = (0,external_node_path_.join)(dir, entry.name);
            return entry.isDirectory() ? walkFilesQuietly(path) : [path];
        });
    }
    catch {
        return [];
    }
}
/**
 * SHA-256 over the platform's files, each contributing its path relative to
 * the package and then its bytes, in locale order of the full paths.
 * iOS: sources under ios/, root *.podspec, Package.swift, ios/Package.swift
 * (which therefore counts twice, as in the official CLI). Android: sources
 * under android/, android/build.gradle(.kts). Undefined when there is no file.
 */
function platformChecksum(packageDir, platform) {
    const sources = walkFilesQuietly((0,external_node_path_.join)(packageDir, platform)).filter((file) => NATIVE_SOURCE.test(file));
    const files = [...sources, ...buildFiles(packageDir, platform)].sort((a, b) => a.localeCompare(b));
    if (files.length === 0)
        return undefined;
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const file of files) {
        try {
            hash.update((0,external_node_path_.relative)(packageDir, file));
            hash.update((0,external_node_fs_.readFileSync)(file));
        }
        catch {
            // The official CLI skips what it cannot read (after hashing the path).
        }
    }
    return hash.digest('hex');
}
function buildFiles(packageDir, platform) {
    const files = [];
    if (platform === 'ios') {
        try {
            for (const name of (0,external_node_fs_.readdirSync)(packageDir))
                if (name.endsWith('.podspec'))
                    files.push((0,external_node_path_.join)(packageDir, name));
        }
        catch {
            // none
        }
        for (const path of [(0,external_node_path_.join)(packageDir, 'Package.swift'), (0,external_node_path_.join)(packageDir, 'ios', 'Package.swift')])
            if ((0,external_node_fs_.existsSync)(path))
                files.push(path);
    }
    else {
        for (const path of [(0,external_node_path_.join)(packageDir, 'android', 'build.gradle'), (0,external_node_path_.join)(packageDir, 'android', 'build.gradle.kts')])
            if ((0,external_node_fs_.existsSync)(path))
                files.push(path);
    }
    return files;
}
/** The official fallback when the installed package.json has no version: the range without its first ^ and ~. */
function rangeFallback(range) {
    return range.replace('^', '').replace('~', '');
}

;// CONCATENATED MODULE: ./src/release/settings.ts




/** What a session does when it was built without release settings (direct use in tests): no checks, no extra writes. */
const NO_RELEASE_CONTROL = {
    compatibility: 'ignore',
    autoMinUpdateVersion: false,
    selfAssign: false,
    deleteLinkedBundleOnUpload: false,
    unchanged: 'fail',
};
/**
 * The plan's part: everything that needs no network. Collects the native
 * packages (so a dependency that is not installed stops the run before
 * packing) and checks min-update-version.
 */
function releaseSettings(inputs, workspace, minUpdateVersion) {
    if (minUpdateVersion && !STRICT_SEMVER.test(minUpdateVersion)) {
        throw new errors/* BundleError */.rJ('min_update_version_invalid', `min-update-version "${minUpdateVersion}" is not a semantic version like 1.2.3 (no leading v, no range).`, 'min-update-version');
    }
    const { packageJson, nodeModules, ...rest } = inputs;
    if (inputs.compatibility === 'ignore')
        return rest;
    // join, not resolve: ncc's asset relocation rewrites resolve(…, 'package.json') in dist/.
    const packageJsons = packageJson.length ? packageJson.map((path) => (0,external_node_path_.resolve)(workspace, path)) : [(0,external_node_path_.join)((0,external_node_path_.resolve)(workspace), 'package.json')];
    const nativePackages = collectNativePackages({
        packageJsons,
        nodeModules: nodeModules.map((path) => (0,external_node_path_.resolve)(workspace, path)),
        start: (0,external_node_path_.dirname)(packageJsons[0]),
    });
    return { ...rest, nativePackages };
}

// EXTERNAL MODULE: ./src/publish/github-release-settings.ts
var github_release_settings = __nccwpck_require__(7712);
// EXTERNAL MODULE: ./src/publish/http-put-settings.ts
var http_put_settings = __nccwpck_require__(6549);
// EXTERNAL MODULE: ./src/publish/s3-settings.ts
var s3_settings = __nccwpck_require__(787);
// EXTERNAL MODULE: ./src/publish/public-url.ts
var public_url = __nccwpck_require__(546);
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
    const buildDir = inputs.path ? (0,external_node_path_.resolve)(env.workspace, inputs.path) : ((config && webDirOf(config)) ?? (0,external_node_path_.resolve)(env.workspace, 'dist'));
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
    const storage = storageSettings(inputs, capgoSettings(inputs, projectDir, env.workspace));
    checkStorage(storage, { appId, version });
    const delta = resolveDelta(inputs.delta, { config, checksum, storage, build, target: { appId, version } }, logger);
    const outputDir = inputs.outputDir ? (0,external_node_path_.resolve)(env.workspace, inputs.outputDir) : (0,external_node_path_.join)(env.runnerTemp ?? (0,external_node_os_.tmpdir)(), 'capgo-bundle');
    await checkOutputDir(outputDir, buildDir);
    // Last, after every offline check: a signer outside this process may need the network (Cloud KMS) or a PIN.
    let key = localKey;
    if (remote) {
        const signer = await (0,signers/* openSigner */.Hs)(remote, logger);
        key = await (0,signers/* signingKeyOf */.i$)(signer, {
            publicKey: inputs.publicKey,
            configKey: config?.publicKey ? { text: config.publicKey, path: config.path } : undefined,
        });
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
        delta,
    };
}
/** A file name is at most 255 bytes, and the pack first writes it as `.{name}.{uuid}.partial`. */
const MAX_FILE_NAME_BYTES = 255 - streams/* PARTIAL_NAME_EXTRA_BYTES */.rf;
function checkFileName(appId, version) {
    const bytes = Buffer.byteLength(bundleFileName(appId, version));
    if (bytes > MAX_FILE_NAME_BYTES) {
        const input = Buffer.byteLength(appId) > Buffer.byteLength(version) ? 'app-id' : 'version';
        throw new errors/* BundleError */.rJ('file_name_too_long', `${input}: the bundle file name {app-id}_{version}.zip would be ${bytes} bytes; file systems allow 255 and the temporary name adds ${streams/* PARTIAL_NAME_EXTRA_BYTES */.rf}, so at most ${MAX_FILE_NAME_BYTES}. Shorten ${input}.`, input);
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
            if (module.includes('/') &&
                !(await (0,promises_.stat)(module).then((info) => info.isFile(), () => false))) {
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
            // The action's input reader has parsed it already; the CLI's flags arrive here unparsed.
            if (endpoint && !(0,url_input/* isTokenSafeUrl */._w)((0,url_input/* parseHttpUrl */.f$)(endpoint, 'gcp-kms-endpoint', { code: 'input_not_url', notUrl: 'is not a URL' }))) {
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
    const found = appVersion(unique(dirs));
    if (found)
        return normaliseVersion(found.version, `version (from ${found.path})`);
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
        case 'github-release':
            return {
                kind: 'github-release',
                repository: inputs.github.repository ?? '',
                tag: inputs.releaseTag ?? '',
                token: inputs.github.token ?? '',
                apiUrl: inputs.github.apiUrl,
                serverUrl: inputs.github.serverUrl,
                overwrite: inputs.overwrite,
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
            (0,http_put_settings/* checkSettings */.EW)(storage, target);
            break;
        case 'github-release':
            (0,github_release_settings/* checkSettings */.EW)(storage);
            break;
    }
    if (storage.registerWith)
        checkSettings(storage.registerWith);
}
function capgoSettings(inputs, projectDir, workspace) {
    const { token, ...rest } = inputs.capgo;
    if (!token)
        return undefined;
    // Release control (issue 10) applies wherever a Capgo version row is written; collecting native packages needs no network.
    const writesRow = inputs.storage === 'capgo' || (inputs.storage !== 'local' && inputs.register);
    return {
        ...rest,
        token,
        projectDir,
        ...(writesRow ? { release: releaseSettings(inputs.release, workspace, rest.minUpdateVersion) } : {}),
    };
}
const plan_UPDATER = '@capgo/capacitor-updater';
/** First release of each major line whose devices install delta (manifest) updates (capgo-format.md); every 8.x does. */
const FIRST_DELTA = { 5: '5.10.0', 6: '6.25.0', 7: '7.0.30' };
/** From here on the official CLI encrypts delta files and signs file_hash (it prints "> 6.14.4" but compares >=). */
const FIRST_ENCRYPTED_DELTA = '6.14.4';
/** Why the installed updater cannot take delta updates, or undefined when it can. */
function updaterDeltaProblem(updaterVersion) {
    const needs = `delta updates need ${plan_UPDATER} ${FIRST_DELTA[5]} (5.x), ${FIRST_DELTA[6]} (6.x), ${FIRST_DELTA[7]} (7.x) or any 8.x`;
    if (!updaterVersion)
        return `no ${plan_UPDATER} version was found in node_modules or package.json; ${needs}`;
    const major = semver_default().major(updaterVersion);
    if (major >= 8)
        return undefined;
    const first = FIRST_DELTA[major];
    if (first && semver_default().gte(updaterVersion, first))
        return undefined;
    return `the app uses ${plan_UPDATER} ${updaterVersion}, which cannot install them; ${needs}`;
}
/** Bytes a name may have in one path segment on the file systems output-dir lives on (ext4, APFS, NTFS). */
const MAX_SEGMENT_BYTES = 255;
/** S3 object keys are at most 1,024 bytes of UTF-8. */
const MAX_S3_KEY_BYTES = 1024;
/**
 * Delta files are written as `{sha256}_{file_name}` (the processing step's
 * folder in output-dir, for every storage) and stored by s3 as
 * `{s3-key without .zip}/delta/{sha256}_{file_name}`: the 65-byte prefix can
 * push a build file's first path segment past 255 bytes, and the whole past
 * S3's key limit. `.br` is counted for every file (whether Brotli pays is
 * only known after compressing), so a name within 3 bytes of a limit is
 * refused even if it would have shipped uncompressed.
 */
function deltaNameProblems(candidates, storage, target) {
    const s3Prefix = storage.kind === 's3' ? `${(0,s3_settings/* deltaPrefixOf */.qm)((0,s3_settings/* planS3Location */.Vj)(storage, (0,public_url/* planTemplateValues */.Ob)(target)).key)}/delta/` : undefined;
    const problems = [];
    for (const file of candidates) {
        const stored = `${'0'.repeat(64)}_${file.name}.br`;
        const segment = stored.split('/').find((part) => Buffer.byteLength(part) > MAX_SEGMENT_BYTES);
        if (segment !== undefined) {
            problems.push(`${JSON.stringify(file.name)} is written as {sha256}_${file.name}[.br], with a path segment of ${Buffer.byteLength(segment)} bytes; file systems allow ${MAX_SEGMENT_BYTES}`);
        }
        else if (s3Prefix !== undefined && Buffer.byteLength(s3Prefix + stored) > MAX_S3_KEY_BYTES) {
            problems.push(`${JSON.stringify(file.name)} is stored under the S3 key ${s3Prefix}{sha256}_${file.name}[.br], ${Buffer.byteLength(s3Prefix + stored)} bytes; S3 keys are at most ${MAX_S3_KEY_BYTES.toLocaleString('en-US')}`);
        }
    }
    return problems;
}
/**
 * The delta inputs, resolved offline. Asked for explicitly (true, only), a
 * delta that cannot work is refused here, naming why; switched on by auto,
 * it is dropped with one warning and the run ships the zip alone, as the
 * official CLI does. For Capgo, auto stays auto even when the config says
 * no, since the server may force delta (partialUploadForced).
 */
function resolveDelta(given, context, logger) {
    const { storage } = context;
    brotliExcluder(given.brotliExclude);
    const autoFromConfig = given.mode === 'auto' && configWantsDelta(context.config);
    const off = {
        mode: 'false',
        autoFromConfig,
        encrypted: false,
        brotli: given.brotli,
        brotliExclude: given.brotliExclude,
        candidates: [],
    };
    const explicit = given.mode === 'true' || given.mode === 'only';
    const mayUse = explicit || (given.mode === 'auto' && (autoFromConfig || storage.kind === 'capgo'));
    const why = autoFromConfig
        ? `delta: auto (${context.config?.path} sets ${context.config?.autoUpdate === 'always' ? 'autoUpdate "always"' : 'directUpdate'})`
        : `delta: ${given.mode}`;
    if (given.uploadUrl !== undefined && (storage.kind !== 'url' || given.mode === 'false')) {
        const reason = storage.kind !== 'url' ? `storage is ${storage.kind}; it is only for storage url` : 'delta is false';
        throw new errors/* BundleError */.rJ('input_conflict', `delta-upload-url is set but ${reason}; remove it.`, 'delta-upload-url');
    }
    if (!mayUse)
        return off;
    /** Explicit: refuse naming the input. Auto: drop delta, saying so once when the user's config asked for it. */
    const cannot = (code, message, input = 'delta') => {
        if (explicit)
            throw new errors/* BundleError */.rJ(code, `${why}: ${message}`, input);
        if (autoFromConfig)
            logger.warning(`${why}: ${message}; shipping the zip alone.`);
        else
            logger.debug(`delta stays off: ${message}`);
        return off;
    };
    if (storage.kind === 'github-release')
        return cannot('delta_unsupported', 'storage github-release has no delta layout (release assets are flat); use storage s3, url, capgo or local, or set delta: false');
    const tooOld = updaterDeltaProblem(context.checksum.updaterVersion);
    if (tooOld)
        return cannot('updater_too_old', `${tooOld}. Update the plugin and ship a native release first, or set delta: false`);
    // The custom storage's own delta rules (publish/*-settings.ts): under auto a refusal drops delta instead of failing the run.
    try {
        if (storage.kind === 's3')
            (0,s3_settings/* checkDeltaSettings */.qz)(storage);
        if (storage.kind === 'url')
            (0,http_put_settings/* checkDeltaSettings */.qz)(storage, given.uploadUrl, context.target);
    }
    catch (error) {
        if (explicit || !(error instanceof errors/* BundleError */.rJ))
            throw error;
        return cannot(error.code, error.message.replace(/\.$/, ''), error.input);
    }
    const candidates = deltaCandidates(context.build.files);
    const seen = new Map();
    for (const file of candidates) {
        // A build file already named .br would be decompressed by the device and installed under another name.
        const problem = file.name.endsWith('.br')
            ? 'ends in .br, which devices decompress and install without the suffix (a precompressed copy for web servers?)'
            : manifestPathProblem(file.name);
        if (problem)
            return cannot('delta_path_refused', `${JSON.stringify(file.name)} ${problem.replace(/^the name /, '')}: devices refuse such a manifest entry. Leave it out with exclude, or set delta: false`);
        const installed = installedName(file.name);
        const other = seen.get(installed);
        if (other)
            return cannot('delta_path_refused', `${JSON.stringify(file.name)} and ${JSON.stringify(other)} install as the same file; leave one out with exclude`);
        seen.set(installed, file.name);
    }
    const tooLong = deltaNameProblems(candidates, storage, context.target);
    if (tooLong.length)
        return cannot('delta_name_too_long', `${tooLong[0]}${tooLong.length > 1 ? ` (and ${tooLong.length - 1} more)` : ''}; shorten the name, leave it out with exclude, or set delta: false`);
    if (storage.kind === 'capgo') {
        const spaced = candidates.filter((file) => file.name.includes(' '));
        if (spaced.length) {
            const names = spaced
                .slice(0, 3)
                .map((file) => JSON.stringify(file.name))
                .join(', ');
            return cannot('delta_file_name', `Capgo cannot store delta files whose names contain a space (${names}${spaced.length > 3 ? ` and ${spaced.length - 3} more` : ''}); rename them, leave them out with exclude, or set delta: false`);
        }
        if (candidates.length > MAX_DELTA_FILES) {
            return cannot('delta_too_many_files', `the build has ${candidates.length} delta files and Capgo takes at most ${MAX_DELTA_FILES} per delta upload; set delta: false`);
        }
    }
    if (candidates.length === 0)
        return cannot('delta_empty', 'the build has no file that can be a manifest entry (all empty or skipped)');
    const updater = context.checksum.updaterVersion;
    const encrypted = semver_default().gte(updater, FIRST_ENCRYPTED_DELTA);
    if (!encrypted)
        logger.warning(`${why}: ${plan_UPDATER} ${updater} predates ${FIRST_ENCRYPTED_DELTA}, so delta files are uploaded unencrypted with plain SHA-256 hashes (as the official CLI does); the zip stays encrypted.`);
    return {
        mode: given.mode,
        autoFromConfig,
        encrypted,
        brotli: given.brotli,
        brotliExclude: given.brotliExclude,
        ...(given.uploadUrl ? { uploadUrl: given.uploadUrl } : {}),
        candidates,
    };
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
    {
        name: 'signer',
        type: 'string',
        value: 'kind',
        choices: signers/* SIGNER_KINDS */.pf,
        description: 'Where the private-key operation happens (default key: --key / --key-data).',
    },
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
    const key = await (0,signers/* signingKeyOf */.i$)(signer, {
        publicKey: str(context, 'public-key'),
        configKey: config?.publicKey ? { text: config.publicKey, path: config.path } : undefined,
    });
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
            {
                name: 'force',
                short: 'f',
                type: 'boolean',
                description: 'Replace an existing pair (apps built with the old public key then reject new bundles).',
            },
            {
                name: 'pkcs11',
                type: 'boolean',
                description: `Generate the key inside a PKCS#11 token (never exported) and write only ${PUBLIC_KEY_FILE}.`,
            },
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
            {
                name: 'key',
                type: 'string',
                value: 'path',
                description: `Private key to check against the config (default: ${PRIVATE_KEY_FILE}; also ${PRIVATE_KEY_ENV}).`,
            },
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
        const diagnosis = await diagnose({
            dir: context.cwd,
            configPath: config ? (0,external_node_path_.resolve)(context.cwd, config) : undefined,
            privateKey,
            privateKeyLookedAt: PRIVATE_KEY_LOOKUP,
        }, context.logger);
        const failures = diagnosis.checks.filter((check) => check.status === 'fail').length;
        const warnings = diagnosis.checks.filter((check) => check.status === 'warn').length;
        return {
            json: diagnosis,
            text: [
                ...diagnosis.checks.map((check) => `${LABEL[check.status]}  ${check.message}`),
                '',
                failures
                    ? `${failures} problem${failures > 1 ? 's' : ''} devices would hit; fix ${failures > 1 ? 'them' : 'it'} before publishing.`
                    : `No problem devices would hit${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}.`,
            ],
            exitCode: diagnosis.ok ? 0 : 1,
            error: diagnosis.ok ? undefined : `doctor found ${failures} problem${failures > 1 ? 's' : ''} (the FAIL checks)`,
        };
    },
};

;// CONCATENATED MODULE: ./src/bundle/encrypt.ts






const encrypt_SHA256_HEX = /^[0-9a-f]{64}$/i;
const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/**
 * Encrypts an existing zip the way packBundle encrypts a fresh one. The
 * official CLI signs whatever checksum it is handed; here the zip is hashed
 * while it is encrypted, and a checksum that is not that hash is refused
 * (devices would report checksum_fail), leaving no output behind.
 */
async function encryptZipFile(zipPath, outPath, key, format, expectedSha256) {
    if (expectedSha256 !== undefined && !encrypt_SHA256_HEX.test(expectedSha256.trim())) {
        throw new errors/* BundleError */.rJ('checksum_invalid', `checksum must be the SHA-256 of the zip in hex (64 characters), as "zip --json" prints it; encrypted bundles are never checked against CRC32.`, 'checksum');
    }
    await checkZipHeader(zipPath);
    const sessionKey = (0,external_node_crypto_.randomBytes)(bundle_format/* SESSION_KEY_BYTES */.Dk);
    const iv = (0,external_node_crypto_.randomBytes)(bundle_format/* IV_BYTES */.uX);
    const stage = new streams/* HashAndEncrypt */.Bf(sessionKey, iv);
    const ivSessionKey = await (0,bundle_format/* sealSessionKey */.z0)(key, sessionKey, iv);
    let sha256 = '';
    try {
        await (0,streams/* writeAtomically */.vK)(outPath, (0,external_node_fs_.createReadStream)(zipPath), stage, {
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
            {
                name: 'key-data',
                type: 'string',
                value: 'pem',
                description: `Private key PEM text (visible to other local users in the process list; prefer ${PRIVATE_KEY_ENV}).`,
            },
            {
                name: 'checksum-format',
                type: 'string',
                value: 'format',
                choices: ['auto', 'v3', 'v2'],
                description: 'Signed checksum encoding; auto reads the installed @capgo/capacitor-updater, V3 when none is found.',
            },
            {
                name: 'package-json',
                type: 'string',
                value: 'paths',
                description: 'package.json files (comma-separated) where the updater version is looked up, for monorepos.',
            },
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
            text: [
                filename,
                `checksum (${result.checksumFormat.toUpperCase()}): ${result.checksum}`,
                `ivSessionKey: ${result.ivSessionKey}`,
                `key id: ${result.keyId}`,
            ],
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
            {
                name: 'config',
                type: 'string',
                value: 'path',
                description: 'Capacitor config to edit (default: capacitor.config.json, .ts or .js here).',
            },
            { name: 'capacitor-config', type: 'string', value: 'path', description: "Same as --config (the official CLI's name)." },
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

;// CONCATENATED MODULE: ./src/release/inputs.ts


/** Every input name this module reads, in action.yml order. */
const RELEASE_INPUTS = (/* unused pure expression or super */ null && ([
    'compatibility',
    'package-json',
    'node-modules',
    'auto-min-update-version',
    'rollout',
    'rollout-advance',
    'rollout-cache-ttl-seconds',
    'self-assign',
    'delete-linked-bundle-on-upload',
    'unchanged',
]));
function inputs_flag(read, name) {
    const value = read(name).trim().toLowerCase();
    if (value === '' || value === 'false')
        return false;
    if (value === 'true')
        return true;
    throw new errors/* BundleError */.rJ('input_not_boolean', `${name} must be true or false (got "${value}").`, name);
}
function choice(read, name, allowed, fallback) {
    const value = (read(name).trim().toLowerCase() || fallback);
    if (!allowed.includes(value))
        throw new errors/* BundleError */.rJ('input_invalid', `${name} must be one of ${allowed.join(', ')} (got "${value}").`, name);
    return value;
}
function list(read, name) {
    return read(name)
        .split(/[,\n]/)
        .map((entry) => entry.trim())
        .filter(Boolean);
}
/**
 * Reads and cross-checks the release-control inputs: every conflict here is
 * refused before any request. `channels` and `minUpdateVersion` are the
 * inputs of the same names.
 */
function readReleaseInputs(read, channels, minUpdateVersion) {
    const compatibility = choice(read, 'compatibility', ['fail', 'warn', 'ignore'], 'fail');
    const autoMinUpdateVersion = inputs_flag(read, 'auto-min-update-version');
    const selfAssign = inputs_flag(read, 'self-assign');
    const deleteLinkedBundleOnUpload = inputs_flag(read, 'delete-linked-bundle-on-upload');
    const rollout = readRollout(read);
    if (minUpdateVersion && autoMinUpdateVersion) {
        throw new errors/* BundleError */.rJ('input_conflict', 'min-update-version and auto-min-update-version: true are both set; keep one.', 'auto-min-update-version');
    }
    if (rollout && deleteLinkedBundleOnUpload) {
        throw new errors/* BundleError */.rJ('input_conflict', "delete-linked-bundle-on-upload cannot be combined with rollout: a progressive rollout needs the channel's stable bundle for the devices outside it.", 'delete-linked-bundle-on-upload');
    }
    if (channels.length === 0) {
        const needsChannel = [
            [rollout ? (rollout.advance ? 'rollout-advance' : 'rollout') : undefined, 'a rollout happens on a channel'],
            [autoMinUpdateVersion ? 'auto-min-update-version' : undefined, 'its value is computed per channel'],
            [selfAssign ? 'self-assign' : undefined, 'it is a channel setting'],
            [deleteLinkedBundleOnUpload ? 'delete-linked-bundle-on-upload' : undefined, 'it deletes the bundle a channel served'],
        ].find(([name]) => name);
        if (needsChannel)
            throw new errors/* BundleError */.rJ('channel_missing', `${needsChannel[0]} needs channel (${needsChannel[1]}); set channel.`, 'channel');
    }
    return {
        compatibility,
        packageJson: list(read, 'package-json'),
        nodeModules: list(read, 'node-modules'),
        autoMinUpdateVersion,
        rollout,
        selfAssign,
        deleteLinkedBundleOnUpload,
        unchanged: choice(read, 'unchanged', ['fail', 'skip'], 'fail'),
    };
}
function readRollout(read) {
    const percentText = read('rollout').trim();
    const advance = inputs_flag(read, 'rollout-advance');
    const ttlText = read('rollout-cache-ttl-seconds').trim();
    let bps;
    if (percentText) {
        const percent = Number(percentText);
        if (!/^\d+(\.\d+)?$/.test(percentText) || !Number.isFinite(percent) || percent < 0 || percent > 100) {
            throw new errors/* BundleError */.rJ('input_invalid', `rollout must be a percentage from 0 to 100, decimals allowed (got "${percentText}").`, 'rollout');
        }
        bps = rolloutBps(percent);
    }
    let cacheTtlSeconds;
    if (ttlText) {
        cacheTtlSeconds = Number(ttlText);
        if (!/^\d+$/.test(ttlText) || cacheTtlSeconds < 60 || cacheTtlSeconds > 31_536_000) {
            throw new errors/* BundleError */.rJ('input_invalid', `rollout-cache-ttl-seconds must be a whole number of seconds from 60 to 31536000 (got "${ttlText}").`, 'rollout-cache-ttl-seconds');
        }
    }
    if (bps === undefined && !advance) {
        if (cacheTtlSeconds !== undefined)
            throw new errors/* BundleError */.rJ('input_conflict', 'rollout-cache-ttl-seconds only applies to a progressive rollout; set rollout too.', 'rollout-cache-ttl-seconds');
        return undefined;
    }
    return { bps, advance, cacheTtlSeconds };
}

;// CONCATENATED MODULE: ./src/inputs.ts







const STORAGE_KINDS = ['capgo', 's3', 'url', 'local', 'github-release'];
const DELTA_MODES = ['auto', 'true', 'false', 'only'];
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
    return value === undefined ? undefined : (0,url_input/* parseUrlInput */.pJ)(name, value, logger);
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
    for (const name of ['upload-url', 'public-url', 'delta-upload-url'])
        (0,url_input/* refuseUserinfo */.Ys)(name, read(name), logger);
    const token = optional(read, 'capgo-token') ?? (env.CAPGO_TOKEN?.trim() || undefined);
    const secretAccessKey = optional(read, 's3-secret-access-key');
    const uploadUrl = optional(read, 'upload-url');
    const deltaUploadUrl = optional(read, 'delta-upload-url');
    const supabaseAnonKey = optional(read, 'capgo-supabase-anon-key');
    const githubToken = optional(read, 'github-token') ?? (env.GITHUB_TOKEN?.trim() || undefined);
    for (const secret of [token, secretAccessKey, uploadUrl, supabaseAnonKey, githubToken])
        if (secret)
            logger.secret(secret);
    const uploadHeaders = headers(read, 'upload-headers');
    for (const [name, value] of Object.entries(uploadHeaders)) {
        // Presigned setups often carry a credential in a header instead of the URL.
        if ((0,http/* isSecretHeader */.io)(name) && value)
            logger.secret(value);
    }
    for (const presigned of [uploadUrl, deltaUploadUrl]) {
        if (!presigned)
            continue;
        logger.secret(presigned);
        // The signature lives in the query string; mask it on its own too, since logs may show it decoded or split.
        const query = presigned.split('?')[1];
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
    const channels = read('channel')
        .split(/[,\n]/)
        .map((name) => name.trim())
        .filter(Boolean);
    const minUpdateVersion = optional(read, 'min-update-version');
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
        releaseTag: optional(read, 'release-tag') ?? pushedTag(env.GITHUB_REF),
        github: {
            token: githubToken,
            repository: env.GITHUB_REPOSITORY?.trim() || undefined,
            apiUrl: (env.GITHUB_API_URL?.trim() || 'https://api.github.com').replace(/\/+$/, ''),
            serverUrl: (env.GITHUB_SERVER_URL?.trim() || 'https://github.com').replace(/\/+$/, ''),
        },
        capgo: {
            token,
            apiUrl: url(read, 'capgo-api-url', logger) ?? 'https://api.capgo.app',
            filesUrl: url(read, 'capgo-files-url', logger) ?? 'https://files.capgo.app',
            supabaseUrl: url(read, 'capgo-supabase-url', logger),
            supabaseAnonKey,
            channels,
            versionExists: oneOf(read, 'version-exists', ['fail', 'skip'], 'fail'),
            comment: optional(read, 'comment'),
            link: optional(read, 'link'),
            minUpdateVersion,
            tus: oneOf(read, 'tus-upload', ['auto', 'always', 'never'], 'auto'),
        },
        release: readReleaseInputs(read, channels, minUpdateVersion),
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
        delta: {
            mode: oneOf(read, 'delta', DELTA_MODES, 'auto'),
            brotli: inputs_boolean(read, 'brotli', true),
            brotliExclude: read('brotli-exclude')
                .split(/\r?\n/)
                .map((line) => line.trim())
                .filter(Boolean),
            uploadUrl: deltaUploadUrl,
        },
    };
}
/** The tag a workflow runs for: refs/tags/v1.2.3 gives v1.2.3; branches and pull requests give none. */
function pushedTag(ref) {
    return ref?.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) || undefined : undefined;
}

// EXTERNAL MODULE: ./src/progress.ts
var src_progress = __nccwpck_require__(4660);
;// CONCATENATED MODULE: ./src/publish/capgo/console-link.ts
const CAPGO_CONSOLE = 'https://console.capgo.app';
const CAPGO_CLOUD_API = 'https://api.capgo.app';
/**
 * The bundle's page in the Capgo console. The official CLI (8.68.1) links
 * channels as {console}/app/{appId}/channel/{id}; bundles live beside them at
 * /app/{appId}/bundle/{id}. Only for Capgo Cloud: a self-hosted instance's
 * console address is not known here.
 */
function capgoConsoleUrl(settings, appId, versionId) {
    if (settings.supabaseUrl || settings.apiUrl.replace(/\/+$/, '') !== CAPGO_CLOUD_API)
        return undefined;
    return `${CAPGO_CONSOLE}/app/${encodeURIComponent(appId)}/bundle/${encodeURIComponent(versionId)}`;
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __nccwpck_require__(7075);
;// CONCATENATED MODULE: ./src/publish/custom-delta.ts






/** Delta files in flight at once, as for Capgo: a runner's connection gains nothing past a few dozen. */
const custom_delta_DELTA_CONCURRENCY = 16;
/** Where the manifest is kept: next to the bundle in output-dir (the same name as for Capgo). */
function manifestPathFor(bundle) {
    return (0,external_node_path_.join)((0,external_node_path_.dirname)(bundle.path), `${bundle.appId}_${bundle.version}.manifest.json`);
}
/**
 * One run's delta on custom storage (s3, url): every file, then
 * manifest.json last, since the manifest is what makes the files visible.
 * It remembers what it stored, so a failure or a cancel later in publish
 * can remove it where the backend can delete.
 */
class CustomDelta {
    storage;
    delta;
    files;
    manifest;
    logger;
    guard;
    where;
    /** Places this run wrote to (or started writing to), for the clean-up. */
    written = [];
    /** Bytes of the delta files uploaded (the delta-bytes output). */
    bytes = 0;
    /** Uploads not yet settled: a clean-up waits for them, or a PUT finishing late would outlive the delete. */
    inFlight = new Set();
    constructor(storage, delta, files, manifest, logger, guard, where) {
        this.storage = storage;
        this.delta = delta;
        this.files = files;
        this.manifest = manifest;
        this.logger = logger;
        this.guard = guard;
        this.where = where;
    }
    /** Read-only: the backend can store deltas, and where each file and manifest.json go. */
    static async check(backend, kind, bundle, settings, logger, guard) {
        const delta = bundle.delta;
        if (!delta)
            throw new Error('CustomDelta.check needs bundle.delta');
        if (!backend.delta)
            throw new errors/* BundleError */.rJ('delta_unsupported', `storage ${kind} cannot hold delta files and a manifest; set delta: false, or use s3, url or local.`, 'delta');
        const storage = backend.delta(bundle, settings);
        const planned = await storage.check(delta.files);
        return new CustomDelta(storage, delta, planned.files, planned.manifest, logger, guard, kind);
    }
    /** Uploads every delta file, at most DELTA_CONCURRENCY at once; after the first failure no new file starts, and the files in flight finish first. */
    async uploadFiles() {
        const { files } = this.delta;
        this.logger.info(`Uploading ${files.length} delta files (${this.delta.bytes} bytes) to ${this.where}, ${custom_delta_DELTA_CONCURRENCY} at a time`);
        const progress = (0,src_progress/* startProgress */.ot)(`Uploading delta files to ${this.where}`, { bytes: this.delta.bytes, files: files.length }, (line) => this.logger.info(line));
        let failure;
        // What processing and verify left in the old generation goes before the uploads add theirs.
        (0,memory/* collectAll */._U)();
        try {
            failure = await runBounded(files.length, custom_delta_DELTA_CONCURRENCY, () => async (at) => {
                const file = files[at];
                this.written.push(this.files[at]);
                const upload = this.storage.putFile(file, this.files[at]);
                this.inFlight.add(upload);
                try {
                    await upload;
                    this.bytes += file.size;
                    progress.add(file.size, 1);
                    (0,memory/* collectWhenGrown */.SW)(memory/* LOOP_GARBAGE_BUDGET */.xY);
                }
                finally {
                    this.inFlight.delete(upload);
                }
            }, this.guard.signal);
        }
        finally {
            progress.done();
        }
        this.guard.signal.throwIfAborted();
        if (failure)
            throw failure.error;
        // Stores that confirm sizes in bulk (s3: a listing) do it here, before the zip and manifest.json.
        await this.storage.confirmFiles?.(files, this.files);
    }
    /** Writes manifest.json in output-dir and uploads it, last. Returns the local path. */
    async uploadManifest(bundle) {
        const entries = this.delta.files.map((file, at) => ({
            file_name: file.fileName,
            file_hash: file.fileHash,
            download_url: this.files[at].url,
        }));
        const path = manifestPathFor(bundle);
        const text = `${JSON.stringify(entries, null, 2)}\n`;
        await (0,promises_.writeFile)(path, text);
        this.written.push(this.manifest);
        const upload = this.storage.putManifest(path, Buffer.byteLength(text), this.manifest);
        // A cancel's clean-up waits for it too: a manifest stored after the delete would point at deleted files.
        this.inFlight.add(upload);
        try {
            await upload;
        }
        finally {
            this.inFlight.delete(upload);
        }
        this.logger.info(`Stored manifest.json (${entries.length} files) at ${this.manifest.label ?? this.manifest.url}`);
        return path;
    }
    /** Removes what this run wrote, or says in one line what stays. */
    async discard(signal) {
        if (!this.written.length)
            return {};
        await Promise.allSettled([...this.inFlight]);
        if (this.storage.discard)
            return this.storage.discard(this.written, signal);
        const files = this.written.filter((stored) => stored !== this.manifest).length;
        const manifest = this.written.includes(this.manifest) ? ` and manifest.json (${this.manifest.url})` : '';
        return {
            left: `up to ${files} delta files${manifest} that this run PUT stay behind delta-upload-url (a PUT URL cannot delete them): delete them, or let the next run's PUTs replace them`,
        };
    }
}
/** A failure message with what became of the delta objects appended. */
function withDeltaNote(error, outcome, logger) {
    const note = outcome.cleaned ? `Delta: ${outcome.cleaned}.` : outcome.left ? `Delta: ${outcome.left}.` : '';
    if (!note)
        return error;
    if (outcome.left)
        logger.warning(note);
    if (!(error instanceof errors/* BundleError */.rJ))
        return error;
    return new errors/* BundleError */.rJ(error.code, `${error.message} ${note}`, error.input);
}

;// CONCATENATED MODULE: ./src/release/control.ts





/** The Capgo console, for links in the summary (Capgo Cloud only). */
const control_CAPGO_CONSOLE = 'https://console.capgo.app';
/**
 * Release control for one Capgo session (issue 10): everything the session
 * asks before its first write (organisation, existing version, channels,
 * compatibility, min_update_version, rollout, permissions), the channel
 * assignment after finalize, and the result fields. Reads go through the
 * session's ReleaseApi; the decisions are the pure ones of decide.ts.
 */
class ReleaseControl {
    api;
    context;
    bundle;
    logger;
    settings;
    states = [];
    decision;
    canDelete = false;
    summary = [];
    constructor(api, context, bundle, logger) {
        this.api = api;
        this.context = context;
        this.bundle = bundle;
        this.logger = logger;
        this.settings = context.release ?? NO_RELEASE_CONTROL;
    }
    /** 2FA, upload permission, organisation warnings, plan. Only with release settings (a plan-made session). */
    async gate() {
        if (this.context.release)
            await organisationChecks(this.api, this.context.appId, this.context.ownerOrg, this.logger);
    }
    /** The version name exists: read it and decide (complete, unfinalized, skip, or refuse under version-exists). */
    async existing() {
        const stored = await readStoredVersion(this.api, this.context.appId, this.bundle.version);
        return decideExisting(stored, this.bundle.checksum, this.context.versionExists, this.context.appId, this.bundle.version);
    }
    /**
     * Before the first write: read every target channel once, decide, check the
     * channel permissions. `converging`: the version is already stored, so
     * channels that serve it are done, not "unchanged".
     */
    async preflight(converging = false) {
        this.states = await readChannels(this.api, this.context.appId, this.context.channels);
        let decision;
        try {
            decision = decideRelease({
                version: this.bundle.version,
                checksum: this.bundle.checksum,
                compatibility: this.settings.compatibility,
                minUpdateVersion: this.context.minUpdateVersion,
                autoMinUpdateVersion: this.settings.autoMinUpdateVersion,
                unchanged: converging ? 'skip' : this.settings.unchanged,
                rollout: this.settings.rollout,
                nativePackages: this.settings.nativePackages,
            }, this.states);
        }
        catch (error) {
            if (error instanceof ReleaseRefusal && error.table) {
                this.logger.warning(`Native compatibility:\n${error.table}`);
                this.summary.push('#### Native compatibility', error.table);
            }
            throw error;
        }
        if (converging && decision.kind === 'unchanged')
            decision = { ...decision, kind: 'publish', targets: [] };
        for (const notice of decision.notices)
            this.logger.info(notice);
        for (const warning of decision.warnings)
            this.logger.warning(warning);
        for (const report of decision.reports) {
            if (report.rows.length)
                this.summary.push(`#### Native compatibility: channel ${report.channel} (${report.result})`, compatibilityTable(report.rows));
        }
        this.decision = decision;
        if (decision.kind === 'publish') {
            const targets = this.states.filter((state) => decision.targets.includes(state.name));
            ({ canDelete: this.canDelete } = await checkChannelPermissions(this.api, this.context.appId, targets, this.settings, this.logger));
        }
        return decision;
    }
    /** The row fields release control decides: `native_packages` (absent with compatibility: ignore) and `min_update_version`. */
    rowFields() {
        const min = this.decision?.minUpdateVersion ?? this.context.minUpdateVersion;
        return {
            ...(this.settings.nativePackages ? { native_packages: this.settings.nativePackages } : {}),
            ...(min ? { min_update_version: min } : {}),
        };
    }
    /** After finalize: the channels, then the console notification. A failure here leaves the finalized version: a re-run completes it. */
    async afterFinalize(userId, versionId) {
        const targets = this.states.filter((state) => this.decision?.targets.includes(state.name));
        let lines;
        try {
            lines = await assignChannels(this.api, targets, {
                appId: this.context.appId,
                version: this.bundle.version,
                ownerOrg: this.context.ownerOrg,
                userId,
                release: this.settings,
                consoleUrl: this.context.consoleUrl,
            }, this.logger, this.canDelete);
        }
        catch (error) {
            if (!(error instanceof errors/* BundleError */.rJ))
                throw error;
            throw new errors/* BundleError */.rJ(error.code, `${error.message} Version ${this.bundle.version} is stored and finalized in Capgo; run the job again (same content) to complete the channel assignment.`, error.input);
        }
        await notifyConsole(this.api, this.context.appId, this.bundle.version, this.context.ownerOrg, this.logger);
        if (this.context.consoleUrl && versionId)
            this.summary.push(`Console: ${this.context.consoleUrl}/app/${this.context.appId}/bundle/${versionId}`);
        this.summary.push(...lines);
        return lines;
    }
    /** Result fields for a run that published (or completed) a version. */
    published() {
        const min = this.rowFields().min_update_version;
        const rollout = this.settings.rollout;
        if (min)
            this.summary.unshift(`min_update_version: ${min}`);
        if (rollout)
            this.summary.unshift(`Rollout: ${rollout.bps === undefined ? "the channel's current percentage" : `${rollout.bps / 100}%`}${rollout.advance ? ', previous target promoted to stable' : ''}`);
        return {
            published: true,
            compatibility: this.decision?.compatibility ?? 'unchecked',
            minUpdateVersion: min,
            releaseSummary: this.summary,
            channels: this.decision?.targets ?? [],
        };
    }
    /** Outputs of a stored version (skips and completed re-runs). */
    storedOutputs(stored) {
        return {
            ivSessionKey: stored.session_key ?? '',
            checksum: stored.checksum ?? '',
            versionId: String(stored.id),
            ...(stored.storage_provider === 'external' && stored.external_url ? { bundleUrl: stored.external_url } : {}),
        };
    }
    /** A skip: nothing published; a warning annotation and the summary say why. */
    skipped(reason, stored, destination) {
        const message = reason === 'version-exists'
            ? `Nothing was published: version ${this.bundle.version} already exists in Capgo with other content (version-exists: skip). Outputs describe the stored version.`
            : `Nothing was published: every target channel already serves this content (unchanged: skip). Outputs describe the bundle they serve.`;
        this.logger.warning(message);
        return {
            registered: true,
            skipped: true,
            published: false,
            skippedReason: reason,
            channels: [],
            compatibility: 'unchecked',
            minUpdateVersion: stored?.min_update_version ?? undefined,
            // An unreadable row gives empty outputs rather than this run's values, which belong to nothing stored.
            stored: stored ? this.storedOutputs(stored) : { ivSessionKey: '', checksum: '', versionId: '' },
            versionId: stored ? String(stored.id) : undefined,
            destination,
            releaseSummary: [message],
        };
    }
}

;// CONCATENATED MODULE: ./src/publish/capgo/delta.ts






/** Delta files in flight at once: the official CLI sends 500 together; a runner's connection gains nothing past a few dozen. */
const DELTA_UPLOADS_IN_FLIGHT = 16;
/**
 * Decides, from the input and the server's files/config, before any write,
 * whether this run uploads delta files. `auto` follows the official rules
 * (partialUploadForced, or the Capacitor config's autoUpdate/directUpdate
 * when the server does not refuse); `true` and `only` on a server that says
 * `partialUpload: false` are refused, where the official CLI silently drops
 * them (and with `--delta-only` would link a channel to a version with
 * nothing uploaded).
 */
function chooseDelta(settings, files, bundle, logger) {
    const mode = settings?.mode ?? 'false';
    if (mode === 'false')
        return 'none';
    const refused = files.partialUpload === false;
    if (mode === 'auto') {
        if (refused)
            return 'none';
        const why = files.partialUploadForced
            ? 'the Capgo server asks for delta uploads (partialUploadForced)'
            : settings?.autoFromConfig
                ? 'the Capacitor config updates devices automatically'
                : undefined;
        if (!why)
            return 'none';
        if (!bundle.delta) {
            logger.warning(`delta: auto would upload delta files because ${why}, but this run made none; uploading the zip alone.`);
            return 'none';
        }
        logger.info(`delta: auto: uploading delta files too, because ${why}`);
        return 'with-zip';
    }
    if (refused) {
        throw new errors/* BundleError */.rJ('delta_not_accepted', `This Capgo server does not accept delta (manifest) uploads (files/config partialUpload: false), so delta: ${mode} cannot be honoured; nothing was written. Use delta: auto or false.`, 'delta');
    }
    if (!bundle.delta)
        throw new errors/* BundleError */.rJ('delta_missing', `delta: ${mode} was asked for, but this run made no delta files.`, 'delta');
    return mode === 'only' ? 'only' : 'with-zip';
}
/** `orgs/{org}/apps/{app}/delta/[{hex(utf8(ivSessionKey))}/]{sha256hex(utf8(file_hash))}_{path}`, each path segment URI-encoded (capgo-api.md). */
function deltaS3Path(ownerOrg, appId, file, ivSessionKey) {
    const hash = (0,external_node_crypto_.createHash)('sha256').update(file.fileHash, 'utf8').digest('hex');
    const path = file.fileName
        .split('/')
        .map((segment) => encodeURIComponent(segment))
        .join('/');
    const session = ivSessionKey ? `${Buffer.from(ivSessionKey, 'utf8').toString('hex')}/` : '';
    return `orgs/${ownerOrg}/apps/${appId}/delta/${session}${hash}_${path}`;
}
const MIME = {
    html: 'text/html',
    htm: 'text/html',
    js: 'application/javascript',
    mjs: 'application/javascript',
    cjs: 'application/javascript',
    css: 'text/css',
    json: 'application/json',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    gif: 'image/gif',
    bmp: 'image/bmp',
    webp: 'image/webp',
    svg: 'image/svg+xml',
    ico: 'image/x-icon',
    avif: 'image/avif',
    woff: 'font/woff',
    woff2: 'font/woff2',
    ttf: 'font/ttf',
    otf: 'font/otf',
    eot: 'application/vnd.ms-fontobject',
    mp3: 'audio/mpeg',
    wav: 'audio/wav',
    ogg: 'audio/ogg',
    mp4: 'video/mp4',
    webm: 'video/webm',
    xml: 'application/xml',
    txt: 'text/plain',
    md: 'text/markdown',
    pdf: 'application/pdf',
    wasm: 'application/wasm',
    map: 'application/json',
};
/** The TUS `filetype` of a delta file: by extension, `.br` ignored, as the official CLI does. */
function deltaMimeType(fileName) {
    const name = fileName.endsWith('.br') ? fileName.slice(0, -3) : fileName;
    const extension = name.split('.').pop()?.toLowerCase() ?? '';
    return MIME[extension] ?? 'application/octet-stream';
}
/** Where the manifest sent to set_manifest is kept: next to the bundle, in output-dir. */
function delta_manifestPathFor(bundle) {
    return (0,external_node_path_.join)((0,external_node_path_.dirname)(bundle.path), `${bundle.appId}_${bundle.version}.manifest.json`);
}
/**
 * Uploads every delta file (at most DELTA_UPLOADS_IN_FLIGHT at once; each TUS
 * upload resumes and retries within request-timeout, a bounded number of
 * times) and returns the manifest entries in walk order. After the first
 * failure no new file starts; the files in flight finish, then it throws.
 */
async function uploadDeltaFiles(client, delta, target, logger, progress, signal) {
    const entries = new Array(delta.files.length);
    const receipts = new Array(delta.files.length);
    let bytes = 0;
    let uploaded = 0;
    progress.total = delta.files.length;
    progress.done = 0;
    const one = async (index) => {
        const file = delta.files[index];
        const s3Path = deltaS3Path(target.ownerOrg, target.appId, file, delta.encrypted ? target.ivSessionKey : undefined);
        entries[index] = { file_name: file.fileName, s3_path: s3Path, file_hash: file.fileHash };
        if (!delta.encrypted) {
            const probe = await client.probeDeltaFile(s3Path);
            if (probe.exists) {
                receipts[index] = probe.receipt;
                progress.done++;
                return;
            }
        }
        receipts[index] = await client.uploadDeltaFile({
            file: file.path,
            size: file.size,
            chunkSize: target.chunkSize,
            metadata: { filename: s3Path, filetype: deltaMimeType(file.fileName) },
        }, file.fileName);
        bytes += file.size;
        uploaded++;
        progress.done++;
        // Each TUS upload lives through young-generation collections while 15 others run, so its garbage is
        // promoted; V8 let the old generation grow by ~45 MB over 3,001 files before collecting (memory.ts).
        (0,memory/* collectWhenGrown */.SW)(memory/* LOOP_GARBAGE_BUDGET */.xY);
    };
    const failure = await runBounded(delta.files.length, DELTA_UPLOADS_IN_FLIGHT, () => one, signal);
    if (failure)
        throw failure.error;
    signal?.throwIfAborted();
    // The uploads' last garbage goes before set_manifest's body (~2.5 KB per file) is built.
    (0,memory/* collectAll */._U)();
    // The server checks receipts as a set: a manifest with some entries lacking one is sent with none (as the official CLI does).
    const all = receipts.every((receipt) => receipt);
    if (!all && receipts.some((receipt) => receipt))
        logger.debug('Capgo: some delta files came back without a size receipt; sending the manifest without receipts');
    const finished = entries.map((entry, index) => (all ? { ...entry, file_size_receipt: receipts[index] } : entry));
    return { entries: finished, bytes, uploaded };
}
/** Entries written to the file per write: ~160 KB. */
const MANIFEST_WRITE_BATCH = 64;
/**
 * Writes the entries exactly as sent to set_manifest, with the bytes of
 * `JSON.stringify(entries, null, 2)` and a newline, a batch of entries at a
 * time rather than one 8 MB string (3,001 files).
 */
async function writeManifest(path, entries) {
    const file = await (0,promises_.open)(path, 'w');
    try {
        if (!entries.length) {
            await file.writeFile('[]\n');
            return;
        }
        for (let start = 0; start < entries.length; start += MANIFEST_WRITE_BATCH) {
            // JSON strings hold no raw newline, so indenting every line break nests each pretty-printed entry one level.
            const batch = entries
                .slice(start, start + MANIFEST_WRITE_BATCH)
                .map((entry) => `  ${JSON.stringify(entry, null, 2).replaceAll('\n', '\n  ')}`)
                .join(',\n');
            const end = start + MANIFEST_WRITE_BATCH >= entries.length;
            await file.write(`${start ? ',\n' : '[\n'}${batch}${end ? '\n]\n' : ''}`);
        }
    }
    finally {
        await file.close();
    }
}

;// CONCATENATED MODULE: ./src/publish/capgo/session.ts








/** TUS chunks are capped here even when the server takes more, so a dropped connection loses little. */
const MAX_TUS_CHUNK_BYTES = 16 * 1024 * 1024;
/**
 * Read-only checks: config, app exists (404 → clear message naming the app id
 * and hinting at the token's permissions), the organisation gate of release
 * control, and an existing version: same content completes a failed run,
 * other content follows version-exists (fail → BundleError code
 * 'version_exists' naming input `version-exists`; skip → honest skip).
 */
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
    const control = new ReleaseControl(client.releaseApi(), {
        appId: bundle.appId,
        ownerOrg: app.owner_org,
        channels: settings.channels,
        versionExists: settings.versionExists,
        minUpdateVersion: settings.minUpdateVersion,
        release: settings.release,
        consoleUrl: settings.supabaseUrl ? undefined : control_CAPGO_CONSOLE,
    }, bundle, logger);
    await control.gate();
    const exists = await client.versionExists(bundle.appId, bundle.version);
    const existing = exists ? await control.existing() : undefined;
    if (existing?.kind === 'complete')
        logger.info(`Version ${bundle.version} of ${bundle.appId} is already stored with this exact content: completing what an earlier run left undone.`);
    if (existing?.kind === 'unfinalized')
        logger.info(`Version ${bundle.version} of ${bundle.appId} was left unfinalized by an earlier run with this exact content: finishing it.`);
    return new Session(client, settings, bundle, logger, app, config.useNewFinalizeBundleUpload, control, existing, network.guard);
}
function requireKeyId(bundle) {
    if (!bundle.keyId) {
        throw new errors/* BundleError */.rJ('key_id_missing', "The bundle has no key id, so Capgo could not match it to the devices' public key; check private-key.", 'private-key');
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
    control;
    existing;
    guard;
    progress = { kind: 'hosted', row: 'none', fileStored: false, finalized: false, linked: [] };
    manifestWritten;
    remains = false;
    constructor(client, settings, bundle, logger, app, newFinalize, control, existing, guard) {
        this.client = client;
        this.settings = settings;
        this.bundle = bundle;
        this.logger = logger;
        this.app = app;
        this.newFinalize = newFinalize;
        this.control = control;
        this.existing = existing;
        this.guard = guard;
    }
    /** True once an external row may exist (so the file it points at must stay), or after a clean-up that left a row. */
    get rowMayRemain() {
        return this.remains || (this.progress.kind === 'external' && this.progress.row !== 'none');
    }
    decision;
    /** Release control's reads and refusals, once per session, before the first write. */
    decide() {
        this.decision ??= this.control.preflight();
        return this.decision;
    }
    async preflight() {
        if (this.existing)
            return undefined;
        const decision = await this.decide();
        return decision.kind === 'unchanged' ? this.unchanged(decision) : undefined;
    }
    unchanged(decision) {
        return this.control.skipped('unchanged', decision.current, `Capgo: ${this.bundle.appId}, channels ${decision.alreadyCurrent.join(', ')} already serve this content (unchanged: skip)`);
    }
    get versionExists() {
        return this.existing !== undefined;
    }
    async skipExisting({ dryRun } = { dryRun: false }) {
        const { appId, version } = this.bundle;
        const existing = this.existing;
        if (!existing || existing.kind === 'skip') {
            return this.control.skipped('version-exists', existing?.stored, `Capgo: ${appId} ${version} already existed with other content; left unchanged (version-exists: skip)`);
        }
        return this.complete(existing, dryRun);
    }
    async publishHosted({ dryRun, delta: deltaSettings }) {
        if (this.existing?.kind === 'unfinalized')
            return this.finishUnfinalized(this.existing, dryRun, deltaSettings);
        if (this.existing)
            return this.skipExisting({ dryRun });
        const files = await this.client.filesConfig();
        // delta: auto with the config silent: the files are made only when this server forces delta (delta-core's lazy hook).
        if (!this.bundle.delta &&
            this.bundle.prepareDelta &&
            deltaSettings?.mode === 'auto' &&
            files.partialUploadForced &&
            files.partialUpload !== false)
            await this.bundle.prepareDelta();
        // Decided before any write: a refused delta leaves nothing behind.
        const choice = chooseDelta(deltaSettings, files, this.bundle, this.logger);
        if (choice !== 'only')
            this.checkSize(files);
        const method = chooseUploadMethod(this.settings.tus, files, this.bundle.bundleSize, this.logger);
        const decision = await this.decide();
        if (decision.kind === 'unchanged')
            return this.unchanged(decision);
        const row = await this.versionRow({ storage_provider: 'r2-direct' });
        const target = `Capgo Cloud ${this.bundle.appId} ${this.bundle.version}${choice === 'only' ? ' (delta only)' : choice === 'with-zip' ? ' (zip and delta)' : ''}`;
        if (dryRun) {
            const steps = [
                ...(choice === 'only' ? [] : [this.uploadDescription(method)]),
                ...this.deltaDescription(choice),
                this.finalizeDescription(),
            ];
            this.describeWrites(row, steps, decision.targets);
            const delta = this.bundle.delta;
            return {
                ...this.dryRunResult(target, decision.targets),
                ...(choice !== 'none' && delta
                    ? { delta: { files: delta.files.length, bytes: delta.bytes, manifestPath: '', manifestUrl: '' } }
                    : {}),
            };
        }
        let deltaResult;
        const versionId = await this.withCleanup(row, async () => {
            if (choice !== 'only') {
                await this.upload(method, files);
                this.progress.fileStored = true;
            }
            if (choice !== 'none')
                deltaResult = await this.uploadDelta(files);
            await this.finalize(row);
            this.progress.finalized = true;
        });
        // Channels only now: set_manifest and finalize both succeeded, so no channel can point at a partial manifest.
        await this.control.afterFinalize(row.user_id, versionId);
        return {
            ...this.result(versionId, target, decision.targets),
            ...this.control.published(),
            ...(deltaResult ? { delta: deltaResult } : {}),
        };
    }
    /** Delta files, then ONE set_manifest with every entry in walk order; the entries are kept in output-dir exactly as sent. */
    async uploadDelta(files) {
        const { bundle } = this;
        const delta = bundle.delta;
        if (!delta)
            throw new errors/* BundleError */.rJ('delta_missing', 'No delta files were made for this run.', 'delta');
        const progress = { total: delta.files.length, done: 0 };
        this.progress.delta = progress;
        this.logger.info(`Uploading ${delta.files.length} delta files (${megabytes(delta.bytes)}${delta.encrypted ? ', encrypted' : ', plaintext'}) to Capgo with TUS`);
        const outcome = await uploadDeltaFiles(this.client, delta, { ownerOrg: this.app.owner_org, appId: bundle.appId, ivSessionKey: bundle.ivSessionKey, files, chunkSize: tusChunkSize(files) }, this.logger, progress, this.guard.signal).catch((error) => {
            if (this.guard.signal.aborted)
                throw error;
            const reason = error instanceof errors/* BundleError */.rJ ? error.message : this.client.scrub((0,errors/* describeError */.Uc)(error));
            throw new errors/* BundleError */.rJ('capgo_delta_failed', `Uploading the delta files to Capgo stopped after ${progress.done} of ${progress.total}, so no manifest was set and no channel changed: ${reason}`);
        });
        await this.client.setManifest(bundle.appId, bundle.version, outcome.entries);
        this.progress.manifestSet = true;
        // Kept only once Capgo took it; a failure before finalize removes it again (cleanUp).
        const manifestPath = delta_manifestPathFor(bundle);
        await writeManifest(manifestPath, outcome.entries);
        this.manifestWritten = manifestPath;
        const reused = outcome.entries.length - outcome.uploaded;
        this.logger.info(`Set the manifest of version ${bundle.version}: ${outcome.entries.length} files, ${outcome.uploaded} uploaded (${outcome.bytes} bytes)${reused ? `, ${reused} already stored` : ''}`);
        return { files: outcome.entries.length, bytes: outcome.bytes, manifestPath, manifestUrl: '' };
    }
    deltaDescription(choice) {
        const delta = this.bundle.delta;
        if (choice === 'none' || !delta)
            return [];
        return [
            `upload ${delta.files.length} delta files (${delta.bytes} bytes, ${delta.encrypted ? 'encrypted' : 'plaintext'}) by TUS to ${this.client.endpoints.files}/files/upload/attachments/`,
            `set the manifest (${delta.files.length} entries) with POST ${this.client.endpoints.api}/private/set_manifest`,
        ];
    }
    async registerExternal(externalUrl, { dryRun }) {
        if (this.existing)
            return this.skipExisting({ dryRun });
        const decision = await this.decide();
        if (decision.kind === 'unchanged')
            return this.unchanged(decision);
        const row = await this.versionRow({ storage_provider: 'external', external_url: externalUrl });
        if (dryRun) {
            this.describeWrites(row, [], decision.targets);
            return this.dryRunResult(`Capgo ${this.bundle.appId} ${this.bundle.version} (external)`, decision.targets);
        }
        this.progress.kind = 'external';
        this.progress.externalUrl = externalUrl;
        const versionId = await this.withCleanup(row, async () => undefined);
        await this.control.afterFinalize(row.user_id, versionId);
        return {
            ...this.result(versionId, `Capgo ${this.bundle.appId} ${this.bundle.version} (external)`, decision.targets),
            bundleUrl: externalUrl,
            ...this.control.published(),
        };
    }
    /**
     * A converging re-run: the version is stored with this exact content and
     * finalized; assign the channels that do not serve it yet. Outputs describe
     * the stored version (its session key, checksum and id).
     */
    async complete(existing, dryRun) {
        const { appId, version } = this.bundle;
        const { stored } = existing;
        const decision = await this.control.preflight(true);
        const target = `Capgo ${appId} ${version} (completed)`;
        if (dryRun) {
            for (const channel of decision.targets)
                this.logger.info(`Dry run: would complete version ${version} by setting channel ${channel}`);
            return { ...this.dryRunResult(target, decision.targets), stored: this.control.storedOutputs(stored) };
        }
        const userId = decision.targets.length ? await this.client.actorUserId() : '';
        const lines = await this.control.afterFinalize(userId, String(stored.id));
        this.logger.info(lines.length
            ? `Completed version ${version} of ${appId}: ${lines.join('; ')}.`
            : `Completed version ${version} of ${appId}: nothing was missing (stored, finalized, and every channel already serves it).`);
        return {
            ...this.result(String(stored.id), target, decision.targets),
            ...this.control.published(),
            minUpdateVersion: stored.min_update_version ?? undefined,
            stored: this.control.storedOutputs(stored),
            ...(stored.storage_provider === 'external' && stored.external_url ? { bundleUrl: stored.external_url } : {}),
        };
    }
    /**
     * A row an earlier run left `r2-direct`: delete_failed_version removes it
     * only when its file never arrived (then this run publishes afresh); when
     * the file is stored the server refuses, and the row is finalized instead.
     */
    async finishUnfinalized(existing, dryRun, delta) {
        const { appId, version } = this.bundle;
        await this.control.preflight(true);
        if (dryRun) {
            this.logger.info(`Dry run: would remove the unfinished version ${version} if its file never arrived (else finalize it), then continue`);
            return this.complete({ kind: 'complete', stored: existing.stored }, true);
        }
        // 'file_stored' (or a row no longer unfinished): the server keeps it, so finalize it below.
        if ((await this.client.deleteFailedVersion(appId, version, this.guard.signal)) === 'deleted') {
            this.logger.info(`Removed the unfinished version ${version} (its file never arrived); publishing it afresh.`);
            this.existing = undefined;
            return this.publishHosted({ dryRun, delta });
        }
        const stored = existing.stored;
        // This run's delta files are encrypted with its own session key, not the stored row's, so they cannot be added to it.
        if (delta && delta.mode !== 'false' && this.bundle.delta) {
            this.logger.warning(`Version ${version} keeps the zip an earlier run stored and is finalized without delta files: this run's files are encrypted with another session key than the stored row's. Bump version to publish a delta.`);
        }
        if (this.newFinalize)
            await this.client.finalize(appId, version);
        else {
            const row = await this.versionRow({ storage_provider: 'r2-direct' });
            await this.client.upsertVersion({ ...row, session_key: stored.session_key ?? row.session_key, storage_provider: 'r2', manifest: null }, `finalizing version ${version}`);
        }
        this.logger.info(`Finalized version ${version}, whose file an earlier run had stored`);
        return this.complete({ kind: 'complete', stored: { ...stored, storage_provider: 'r2' } }, false);
    }
    checkSize(files) {
        const { bundleSize } = this.bundle;
        if (files.maxUploadLength > 0 && bundleSize > files.maxUploadLength) {
            throw new errors/* BundleError */.rJ('bundle_too_large', `The encrypted bundle is ${megabytes(bundleSize)}, above the ${megabytes(files.maxUploadLength)} this Capgo server accepts: remove large assets from the build, or publish to your own storage (storage: s3).`, 'storage');
        }
        if (files.alertUploadSize && bundleSize > files.alertUploadSize) {
            this.logger.warning(`The encrypted bundle is ${megabytes(bundleSize)}, above Capgo's ${megabytes(files.alertUploadSize)} alert size: devices may take a while to download it.`);
        }
    }
    async versionRow(storage) {
        const { bundle, settings } = this;
        const userId = await this.client.actorUserId();
        const { native_packages: nativePackages, min_update_version: minUpdateVersion } = this.control.rowFields();
        return {
            name: bundle.version,
            app_id: bundle.appId,
            session_key: bundle.ivSessionKey,
            checksum: bundle.checksum,
            key_id: bundle.keyId,
            storage_provider: storage.storage_provider,
            owner_org: this.app.owner_org,
            user_id: userId,
            ...(nativePackages ? { native_packages: nativePackages } : {}),
            link: settings.link ?? null,
            comment: settings.comment ?? null,
            ...(minUpdateVersion ? { min_update_version: minUpdateVersion } : {}),
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
        const original = cause instanceof errors/* BundleError */.rJ
            ? cause
            : new errors/* BundleError */.rJ('capgo_publish_failed', `Publishing to Capgo failed: ${this.client.scrub((0,errors/* describeError */.Uc)(cause))}`);
        const outcome = await this.cleanUp();
        if (outcome.cleaned)
            this.logger.info(`Capgo: ${outcome.cleaned}, so no version row points at a missing file.`);
        if (outcome.left)
            this.logger.warning(`Capgo: ${outcome.left}.`);
        const said = [
            outcome.cleaned ? `Capgo: ${outcome.cleaned}; fix the cause and run again.` : '',
            outcome.left ? `Capgo: ${outcome.left}.` : '',
        ]
            .filter(Boolean)
            .join(' ');
        return new errors/* BundleError */.rJ(original.code, said ? `${original.message} ${said}` : original.message, original.input);
    }
    /** The row's clean-up, plus what is true of the delta files: no Capgo call removes them, and without a finalized manifest nothing refers to them. */
    async cleanUp(signal) {
        // Not finalized: no device gets that manifest, so no file in output-dir should describe it.
        if (this.manifestWritten && !this.progress.finalized)
            await (0,promises_.rm)(this.manifestWritten, { force: true });
        const outcome = await this.cleanUpRow(signal);
        const delta = this.progress.delta;
        if (!delta || delta.done === 0 || this.progress.finalized)
            return outcome;
        const note = `${delta.done} of ${delta.total} delta files this run sent stay in Capgo's storage, ${this.progress.manifestSet && outcome.left ? 'listed only in the manifest of that unfinished version' : 'referenced by no manifest'} (Capgo has no call to remove them; no device downloads them)`;
        return { ...outcome, left: outcome.left ? `${outcome.left}; ${note}` : note };
    }
    /** Removes what delete_failed_version can remove, and says truly what stays (capgo-api.md, "What delete_failed_version really deletes"). */
    async cleanUpRow(signal) {
        const { appId, version } = this.bundle;
        const progress = this.progress;
        if (progress.row === 'none')
            return {};
        const linked = progress.linked.length ? `linked to channel ${progress.linked.join(', ')}` : 'linked to no channel';
        // Re-runs converge (release/decide.ts): the same content signs the same checksum, so a re-run finds this row and finishes it:
        // an external or finalized row gets its missing channels, a stored but unfinalized one is finalized, one without its file is removed and redone.
        const rerun = 'run the same job again (same content) to complete it';
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
            return {
                left: `version ${version} ${may} in Capgo as an external version pointing at ${progress.externalUrl}, ${linked} (delete_failed_version cannot remove external versions): ${rerun}`,
            };
        }
        if (progress.finalized) {
            this.remains = true;
            const missing = this.settings.channels.filter((channel) => !progress.linked.includes(channel));
            const todo = missing.length
                ? `run the job again (same content) to complete the channel assignment (${missing.join(', ')})`
                : 'nothing of it is missing';
            return { left: `version ${version} stays in Capgo, finalized with its file, ${linked}: ${todo}` };
        }
        const stored = `version ${version} stays in Capgo with its file stored but not finalized, ${linked} (delete_failed_version refuses once the file is stored): run the same job again (same content) to finalize it and complete the version`;
        if (progress.fileStored) {
            this.remains = true;
            return { left: stored };
        }
        try {
            const answer = await this.client.deleteFailedVersion(appId, version, signal);
            if (answer === 'deleted')
                return { cleaned: `deleted version ${version} from Capgo again (its file never arrived)` };
            if (answer === 'already_deleted') {
                if (progress.row === 'maybe')
                    return {};
                this.remains = true;
                return {
                    left: `version ${version} may remain in Capgo (delete_failed_version found no unfinished row of that name): ${rerun} if it is there, or to publish it if not`,
                };
            }
            this.remains = true;
            return { left: stored };
        }
        catch (error) {
            this.remains = true;
            const denied = error instanceof CapgoRequestError && (error.status === 401 || error.status === 403);
            const reason = error instanceof CapgoRequestError && error.status === 404
                ? 'delete_failed_version answered 404: user or app not found for this capgo-token'
                : denied
                    ? 'the capgo-token may not delete bundles (bundle.delete)'
                    : `deleting it failed: ${(0,errors/* describeError */.Uc)(error)}`;
            // A re-run removes a row whose file never arrived with the same call, so it needs the right this one lacked.
            const todo = `${denied ? 'give the capgo-token bundle.delete and ' : ''}run the same job again (same content): it removes an unfinished row left here and publishes afresh`;
            return { left: `version ${version} may remain in Capgo, ${linked} (${reason}): ${todo}` };
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
    uploadDescription(method) {
        const target = method === 'tus'
            ? `TUS to ${this.client.endpoints.files}/files/upload/attachments/`
            : `a presigned PUT from ${this.client.endpoints.files}/files/upload_link`;
        return `upload ${this.bundle.fileName} (${this.bundle.bundleSize} bytes) by ${target}`;
    }
    finalizeDescription() {
        return this.newFinalize
            ? `finalize with POST ${this.client.endpoints.api}/private/finalize_bundle_upload`
            : 'finalize by upserting the version row again with storage_provider "r2"';
    }
    describeWrites(row, steps, channels) {
        this.logger.info(`Dry run: would create the Capgo version row ${JSON.stringify(row)}`);
        for (const step of steps)
            this.logger.info(`Dry run: would ${step}`);
        for (const channel of channels)
            this.logger.info(`Dry run: would set channel ${channel} to ${this.bundle.version}${this.control.settings.rollout ? ' (rollout)' : ''}`);
    }
    dryRunResult(target, channels) {
        return {
            registered: false,
            skipped: false,
            published: false,
            channels: [...channels],
            destination: `dry run: ${target}${channelNote(channels)}`,
        };
    }
    result(versionId, target, channels) {
        return { versionId, registered: true, skipped: false, channels: [...channels], destination: `${target}${channelNote(channels)}` };
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

;// CONCATENATED MODULE: ./src/publish/local-delta.ts



/**
 * storage local: the delta files already sit at `{output-dir}/{appId}_{version}/delta/{sha256}_{file_name}`
 * (processDelta wrote them there); this writes `manifest.json` next to that folder. Nothing serves the
 * folder yet, so `download_url` is the file's path relative to manifest.json, each segment
 * percent-encoded: a self-hosted update server (or whoever copies the folder to a host) prefixes its
 * https base URL. Devices need absolute https URLs; this output is an artefact, not an update response.
 */
async function writeLocalManifest(delta) {
    const root = (0,external_node_path_.dirname)(delta.dir);
    const entries = delta.files.map((file) => ({
        file_name: file.fileName,
        file_hash: file.fileHash,
        download_url: (0,public_url/* encodeKeyPath */.xC)((0,external_node_path_.relative)(root, file.path).split(external_node_path_.sep).join('/')),
    }));
    const manifestPath = (0,external_node_path_.join)(root, 'manifest.json');
    const partial = `${manifestPath}.partial`;
    try {
        await (0,promises_.writeFile)(partial, `${JSON.stringify(entries, null, 2)}\n`);
        await (0,promises_.rename)(partial, manifestPath);
    }
    catch (error) {
        await (0,promises_.rm)(partial, { force: true });
        throw error;
    }
    return { files: entries.length, bytes: delta.bytes, manifestPath };
}

// EXTERNAL MODULE: ./src/publish/verify-stored.ts
var verify_stored = __nccwpck_require__(7900);
;// CONCATENATED MODULE: ./src/publish/index.ts






/** The storage backends, by `storage` value. They load lazily so a `local` or `capgo` run never pays for the AWS SDK. */
const backends = {
    s3: async (settings, logger, network) => (await Promise.all(/* import() */[__nccwpck_require__.e(358), __nccwpck_require__.e(419)]).then(__nccwpck_require__.bind(__nccwpck_require__, 5419))).createS3Storage(settings, logger, {}, network),
    url: async (settings, logger, network) => (await __nccwpck_require__.e(/* import() */ 639).then(__nccwpck_require__.bind(__nccwpck_require__, 6639))).createHttpPutStorage(settings, logger, {}, network),
    'github-release': async (settings, logger, network) => (await Promise.all(/* import() */[__nccwpck_require__.e(351), __nccwpck_require__.e(472)]).then(__nccwpck_require__.bind(__nccwpck_require__, 4472))).createGithubReleaseStorage(settings, logger, {}, network),
};
function createBackend(settings, logger, network = (0,cleanup/* standaloneNetwork */.aI)()) {
    const factory = backends[settings.kind];
    return factory(settings, logger, network);
}
const realSeams = {
    createBackend,
    openCapgo: (settings, bundle, logger, network) => openCapgo(settings, bundle, logger, { network }),
};
/** Removes a stored object nothing refers to, or says that it stays; a backend that cannot delete (a presigned PUT) only says so. */
function discardStored(backend, stored, signal) {
    if (backend.discard)
        return backend.discard(stored, signal);
    return Promise.resolve({
        left: `${stored.label ?? stored.url} keeps the file of this run, registered nowhere (a presigned PUT cannot delete it): delete it, or let the next run's PUT replace it`,
    });
}
/** A failure after the zip was stored, with what became of the zip appended. */
function withZipNote(error, outcome, logger) {
    const note = outcome.cleaned
        ? `The bundle was stored but is referred to by nothing, so ${outcome.cleaned}.`
        : `The bundle was stored but is referred to by nothing: ${outcome.left}.`;
    if (outcome.left)
        logger.warning(note);
    if (!(error instanceof errors/* BundleError */.rJ))
        return error;
    return new errors/* BundleError */.rJ(error.code, `${error.message} ${note}`, error.input);
}
/**
 * The publish stage. Every read-only check (Capgo app and version, storage
 * target) runs before the first write, so a refusal leaves nothing behind.
 */
async function publish(plan, bundle, logger, seams = realSeams, guard = new cleanup/* RunGuard */.zO(), 
/** The backend that started uploading while packing (early.ts); its put completes that upload. */
overlapped) {
    const { storage, dryRun } = plan;
    const network = { requestTimeoutMs: plan.requestTimeoutMs ?? cleanup/* DEFAULT_REQUEST_TIMEOUT_MS */.Zc, guard };
    if (storage.kind === 'local') {
        const delta = bundle.delta ? await writeLocalManifest(bundle.delta) : undefined;
        const kept = delta ? `kept at ${bundle.path}, delta manifest at ${delta.manifestPath}` : `kept at ${bundle.path}`;
        return { registered: false, skipped: false, channels: [], destination: kept, ...(delta ? { delta } : {}) };
    }
    if (storage.kind === 'capgo') {
        const capgo = await seams.openCapgo(storage, bundle, logger, network);
        if (!dryRun && !capgo.versionExists)
            await (0,verify_stored/* requirePackedFile */.OX)(bundle);
        return capgo.publishHosted({ dryRun, delta: plan.delta });
    }
    // Delta on custom storage: files and manifest.json next to the zip; `only` leaves the zip out. No server
    // decides `auto` here, so it follows the Capacitor config alone (the pack stage may make delta files anyway).
    const mode = plan.delta?.mode ?? 'false';
    const withDelta = bundle.delta !== undefined && (mode === 'true' || mode === 'only' || (mode === 'auto' && plan.delta?.autoFromConfig === true));
    const zipToo = !withDelta || mode !== 'only';
    if (withDelta && !zipToo && storage.registerWith) {
        throw new errors/* BundleError */.rJ('delta_only_register', 'delta: only uploads no zip, and Capgo cannot register an external manifest (capgo-api.md), so there is nothing to register; set register: false, or delta: true.', 'delta');
    }
    const capgo = storage.registerWith ? await seams.openCapgo(storage.registerWith, bundle, logger, network) : undefined;
    if (capgo?.versionExists) {
        // Nothing is uploaded again: an honest skip, or the channels a failed run left (same content).
        return capgo.skipExisting({ dryRun });
    }
    // Release control refuses (or skips) before the object is uploaded, so a refusal leaves nothing in the bucket either.
    const early = await capgo?.preflight?.();
    if (early)
        return early;
    const backend = overlapped ?? (await seams.createBackend(storage, logger, network));
    const target = zipToo ? await backend.check(bundle) : undefined;
    const delta = withDelta
        ? await CustomDelta.check(backend, storage.kind, bundle, { uploadUrl: plan.delta?.uploadUrl }, logger, guard)
        : undefined;
    if (delta && capgo)
        logger.info('Capgo does not accept an external manifest (capgo-api.md), so the version is registered with the zip alone; devices get the delta only from an update server that serves manifest.json.');
    if (dryRun) {
        if (target)
            logger.info(`Dry run: would upload ${bundle.fileName} to ${target.key} (${storage.kind}), public URL ${target.url}`);
        if (delta)
            logger.info(`Dry run: would upload ${delta.files.length} delta files, then manifest.json to ${delta.manifest.label ?? delta.manifest.url}, public URL ${delta.manifest.url}`);
        const registration = capgo && target ? await capgo.registerExternal(target.url, { dryRun: true }) : undefined;
        return {
            bundleUrl: target?.url,
            storageKey: target?.key,
            registered: false,
            skipped: false,
            channels: registration?.channels ?? [],
            destination: `dry run: ${storage.kind} ${target?.key ?? delta?.manifest.key}`,
            ...(delta ? { delta: { files: delta.files.length, bytes: 0, manifestPath: '', manifestUrl: delta.manifest.url } } : {}),
        };
    }
    if (zipToo)
        await (0,verify_stored/* requirePackedFile */.OX)(bundle);
    // Delta objects are invisible until manifest.json is stored, and a cancel removes them where the backend can.
    const dropDeltaUndo = delta ? guard.add(`the delta files of ${bundle.fileName}`, (signal) => delta.discard(signal)) : () => undefined;
    let stored;
    let deltaResult;
    try {
        await delta?.uploadFiles();
        stored = zipToo ? await backend.put(bundle) : undefined;
        if (stored)
            logger.info(`Stored ${bundle.fileName} at ${stored.key}`);
        if (delta) {
            // The zip is stored and verified but referred to by nothing yet: a failure of (or a cancel during) the manifest removes it too.
            const zip = stored;
            const dropZipUndo = zip
                ? guard.add(`the object ${zip.label ?? zip.url}`, (signal) => discardStored(backend, zip, signal))
                : () => undefined;
            const manifestPath = await delta
                .uploadManifest(bundle)
                .catch(async (error) => {
                if (guard.signal.aborted || !zip)
                    throw error;
                dropZipUndo();
                throw withZipNote(error, await discardStored(backend, zip), logger);
            })
                .finally(() => {
                if (!guard.signal.aborted)
                    dropZipUndo();
            });
            deltaResult = { files: delta.files.length, bytes: delta.bytes, manifestPath, manifestUrl: delta.manifest.url };
        }
    }
    catch (error) {
        if (guard.signal.aborted || !delta)
            throw error;
        dropDeltaUndo();
        throw withDeltaNote(error, await delta.discard(), logger);
    }
    if (!capgo || !stored) {
        dropDeltaUndo();
        const key = stored?.key ?? delta?.manifest.key ?? '';
        return {
            bundleUrl: stored?.url,
            storageKey: stored?.key,
            registered: false,
            skipped: false,
            channels: [],
            destination: `${storage.kind} ${key}`,
            ...(deltaResult ? { delta: deltaResult } : {}),
        };
    }
    // Stored, not yet registered: a cancel removes the object unless a version row already points at it.
    const label = stored.label ?? stored.url;
    const dropUndo = guard.add(`the object ${label}`, (signal) => capgo.rowMayRemain
        ? Promise.resolve({ left: `${label} stays: Capgo version ${bundle.version} may point at it` })
        : discardStored(backend, stored, signal));
    try {
        const registration = await capgo.registerExternal(stored.url, { dryRun: false });
        dropUndo();
        dropDeltaUndo();
        return {
            ...registration,
            bundleUrl: stored.url,
            storageKey: stored.key,
            destination: `${storage.kind} ${stored.key}, registered with Capgo`,
            ...(deltaResult ? { delta: deltaResult } : {}),
        };
    }
    catch (error) {
        if (guard.signal.aborted)
            throw error;
        dropUndo();
        dropDeltaUndo();
        // A row that may remain points at the object, so it stays; with no row, nothing refers to it and it goes.
        const outcome = capgo.rowMayRemain
            ? { left: `${label} stays, as Capgo version ${bundle.version} points at it` }
            : await discardStored(backend, stored);
        const note = outcome.cleaned
            ? `The bundle was stored but not registered, so ${outcome.cleaned}.`
            : `The bundle was stored but not registered: ${outcome.left}.`;
        if (outcome.left)
            logger.warning(note);
        // Capgo never refers to the delta objects (the zip alone is registered), so they go in any case.
        const failure = delta ? withDeltaNote(error, await delta.discard(), logger) : error;
        if (!(failure instanceof errors/* BundleError */.rJ))
            throw failure;
        throw new errors/* BundleError */.rJ(failure.code, `${failure.message} ${note}`, failure.input);
    }
}

;// CONCATENATED MODULE: ./src/publish/early.ts






/** Chunk of a part stream: the socket time-out sees progress per write, and a request in flight holds little. */
const STREAM_CHUNK_BYTES = 64 * 1024;
/**
 * The encrypted file while packBundle writes it (issue 14): what an upload
 * overlapped with packing reads its parts from. It opens the temporary file
 * as soon as it exists, so the rename at the end (or the removal after a
 * failure) does not pull it away; only bytes already written are read, a
 * chunk at a time as the request sends them.
 */
class GrowingFile {
    /** Bytes in the file so far. */
    written = 0;
    /** The final size, once packing succeeded. */
    total;
    /** Set when packing failed or the run ended: readers stop. */
    closed = false;
    fd;
    waiters = [];
    opened(path) {
        this.fd = (0,external_node_fs_.openSync)(path, 'r');
    }
    flushed(bytes) {
        this.written = bytes;
        this.wake();
    }
    /** Packing finished: the file holds `bytes` bytes, and no more will come. */
    end(bytes) {
        this.written = bytes;
        this.total = bytes;
        this.wake();
    }
    /** Stops readers and releases the descriptor; idempotent. */
    close() {
        this.closed = true;
        if (this.fd !== undefined)
            (0,external_node_fs_.closeSync)(this.fd);
        this.fd = undefined;
        this.wake();
    }
    /** Resolves at the next change (bytes written, end, close). */
    changed() {
        return new Promise((resolve) => this.waiters.push(resolve));
    }
    /**
     * `length` bytes from `position`, which the file already holds, read as the
     * request takes them. Reads are synchronous, from the page cache the pack
     * just wrote: asynchronous ones would wait on the libuv pool behind the
     * pack's deflate jobs, a few milliseconds per chunk.
     */
    stream(position, length) {
        let at = 0;
        const stream = new external_node_stream_.Readable({
            highWaterMark: STREAM_CHUNK_BYTES,
            read: () => {
                try {
                    if (at >= length)
                        return void stream.push(null);
                    if (this.fd === undefined || this.closed)
                        throw new Error('the bundle file is closed');
                    if (position + length > this.written)
                        throw new Error(`unreachable: read past the written bytes (${position + length} > ${this.written})`);
                    const chunk = Buffer.allocUnsafe(Math.min(STREAM_CHUNK_BYTES, length - at));
                    const count = (0,external_node_fs_.readSync)(this.fd, chunk, 0, chunk.length, position + at);
                    if (count === 0)
                        throw new Error(`the bundle file ended at ${position + at} bytes`);
                    at += count;
                    // Sent, then garbage: counted, so the young generation is collected before such chunks pile up.
                    (0,memory/* dropped */.p)(count);
                    stream.push(count === chunk.length ? chunk : chunk.subarray(0, count));
                }
                catch (error) {
                    stream.destroy(error);
                }
            },
        });
        return stream;
    }
    wake() {
        const waiters = this.waiters;
        this.waiters = [];
        for (const resolve of waiters)
            resolve();
    }
}
/**
 * Starts an upload that runs while the bundle is packed, for a backend whose
 * protocol keeps everything invisible until a final call (S3 multipart; a
 * single PUT or a presigned URL cannot be withdrawn, so those stay after
 * verify). Undefined when the storage cannot, or the run makes no upload.
 * The backend's read-only checks run before its first byte is sent; what
 * depends on the bundle's content (Capgo's decisions, checksum) waits for
 * publish, which runs after verify, and only then is anything completed.
 */
function startOverlappedUpload(plan, logger, guard, create = createBackend) {
    const { storage } = plan;
    // delta: only stores no zip, so there is nothing to send early.
    if (plan.dryRun || storage.kind !== 's3' || plan.delta?.mode === 'only')
        return undefined;
    const file = new GrowingFile();
    const target = {
        appId: plan.appId,
        version: plan.version,
        fileName: bundleFileName(plan.appId, plan.version),
        estimatedBytes: plan.build.totalBytes,
    };
    let upload;
    const backend = (async () => {
        const made = await create(storage, logger, { requestTimeoutMs: plan.requestTimeoutMs ?? cleanup/* DEFAULT_REQUEST_TIMEOUT_MS */.Zc, guard });
        upload = made.startEarly?.(target, file);
        return upload ? made : undefined;
    })();
    // A failure to load or configure the backend shows again, in its place, when publish creates one.
    backend.catch((error) => logger.debug(`no upload during packing: ${error instanceof Error ? error.message : String(error)}`));
    return {
        tap: file,
        backend: backend.catch(() => undefined),
        packed: (bytes) => file.end(bytes),
        async settle() {
            await backend.catch(() => undefined);
            try {
                await upload?.withdraw();
            }
            finally {
                file.close();
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/pipeline.ts













async function timed(work) {
    const started = performance.now();
    const value = await work();
    return [value, Math.round(performance.now() - started)];
}
function newTrace() {
    return { stage: 'inputs', cleanedUp: [] };
}
/**
 * pack → verify → publish, shared by the action and the CLI. On any failure
 * the encrypted file goes, and the output directory too if this run made it;
 * when `guard` is cancelled (SIGINT/SIGTERM) its undo does the same, partial
 * files included.
 */
async function runPipeline(plan, logger, guard = new cleanup/* RunGuard */.zO(), trace = newTrace()) {
    const outputDirExisted = await (0,promises_.stat)(plan.outputDir).then(() => true, () => false);
    let bundle;
    // Only this run's delta files are removed: a folder left by an earlier run of this version stays until this run replaces it.
    let deltaStarted = false;
    const dropUndo = guard.add(`the files of this run in ${plan.outputDir}`, () => removeRunFiles(plan, bundleFileName(plan.appId, plan.version), bundle !== undefined, deltaStarted, outputDirExisted));
    // S3: parts go up while packing; publish completes the upload after verify, anything else withdraws it.
    const overlap = startOverlappedUpload(plan, logger, guard);
    try {
        trace.stage = 'pack';
        const progress = (0,src_progress/* startProgress */.ot)('Packing', { files: plan.build.files.length, bytes: plan.build.totalBytes }, (line) => logger.info(line));
        const [packed, packMs] = await timed(() => packBundle({
            buildDir: plan.buildDir,
            appId: plan.appId,
            version: plan.version,
            outputDir: plan.outputDir,
            key: plan.key,
            checksumFormat: plan.checksum.format,
            files: plan.build.files,
            onProgress: (bytes, files) => progress.add(bytes, files),
            tap: overlap?.tap,
        }, logger)).finally(() => progress.done());
        bundle = packed;
        overlap?.packed(packed.bundleSize);
        guard.throwIfCancelled();
        logger.info(`Packed ${packed.fileCount} files: zip ${packed.zipSize} bytes, encrypted ${packed.bundleSize} bytes (${packMs} ms)`);
        let verifyMs;
        if (plan.verify) {
            trace.stage = 'verify';
            const [verified, ms] = await timed(() => (0,verify/* verifyBundle */.I)({ file: packed.path, ivSessionKey: packed.ivSessionKey, checksum: packed.checksum, publicKey: plan.key.publicPem }));
            verifyMs = ms;
            logger.info(`Verified as a device would: decrypts, checksum (${packed.checksumFormat.toUpperCase()}) matches, all ${verified.entries} entries unpack (${verifyMs} ms)`);
        }
        let deltaMs;
        const deltaStep = async () => {
            deltaStarted = true;
            guard.throwIfCancelled();
            const [delta, ms] = await timed(() => makeDelta(plan, packed, logger, guard.signal));
            deltaMs = ms;
            packed.delta = delta;
            return delta;
        };
        if (plan.delta.mode !== 'false') {
            if (plan.storage.kind === 'capgo' && plan.delta.mode === 'auto' && !plan.delta.autoFromConfig) {
                // Only the server's partialUploadForced can switch delta on: the Capgo session calls this after reading files/config, before any write.
                packed.prepareDelta = deltaStep;
            }
            else {
                trace.stage = 'delta';
                await deltaStep();
            }
        }
        trace.stage = 'publish';
        guard.throwIfCancelled();
        const early = await overlap?.backend;
        const [published, publishMs] = await timed(() => publish(plan, packed, logger, undefined, guard, early));
        await overlap?.settle();
        dropUndo();
        if (published.stored) {
            // This run's file is not what Capgo serves (a skip, or a completed re-run): keeping it would invite attaching the wrong bytes.
            await (0,promises_.rm)(packed.path, { force: true });
            if (deltaStarted)
                await removeDeltaFiles(plan);
            if (!outputDirExisted)
                await removeIfEmpty(plan.outputDir);
        }
        else if (packed.delta && !published.delta) {
            // Delta was possible but not used (Capgo's server did not take it): nothing refers to these files.
            await removeDeltaFiles(plan);
        }
        return {
            bundle: packed,
            publish: published,
            signer: plan.key.signer.kind,
            timings: { pack: packMs, verify: verifyMs, delta: deltaMs, publish: publishMs },
        };
    }
    catch (error) {
        // Before the files go: whatever was sent while packing is withdrawn (a no-op after a cancel's undo did it).
        await overlap?.settle().catch(() => undefined);
        dropUndo();
        if (bundle) {
            await (0,promises_.rm)(bundle.path, { force: true });
            trace.cleanedUp.push(`removed the encrypted file ${bundle.path}`);
        }
        if (deltaStarted && (await removeDeltaFiles(plan)))
            trace.cleanedUp.push(`removed the delta files of this run in ${deltaRunDir(plan)}`);
        if (!outputDirExisted && (await removeIfEmpty(plan.outputDir)))
            trace.cleanedUp.push(`removed the output directory ${plan.outputDir} this run made`);
        throw error;
    }
}
/** The undo of a cancelled run: its half-written `.partial` files, its bundle once packed, its delta files, the output directory if this run made it. */
async function removeRunFiles(plan, fileName, packed, deltaStarted, outputDirExisted) {
    const outputDir = plan.outputDir;
    const names = (await (0,promises_.readdir)(outputDir).catch(() => [])).filter((name) => (name.startsWith(`.${fileName}.`) && name.endsWith('.partial')) || (packed && name === fileName));
    await Promise.all(names.map((name) => (0,promises_.rm)((0,external_node_path_.join)(outputDir, name), { force: true })));
    const delta = deltaStarted && (await removeDeltaFiles(plan));
    if (!outputDirExisted)
        await removeIfEmpty(outputDir);
    const what = [
        names.length ? (names.length === 1 ? 'the bundle file' : `${names.length} bundle files`) : '',
        delta ? 'the delta files' : '',
    ]
        .filter(Boolean)
        .join(' and ');
    return what ? { cleaned: `removed ${what} of this run from ${outputDir}` } : {};
}
/** `{output-dir}/{appId}_{version}`: the delta files (`delta/`) and, for storage local, `manifest.json`. */
function deltaRunDir(plan) {
    return (0,external_node_path_.join)(plan.outputDir, bundleFileName(plan.appId, plan.version).replace(/\.zip$/, ''));
}
/** Removes this run's delta folder and local manifest, and the run folder once empty; true when something was there. */
async function removeDeltaFiles(plan) {
    const dir = deltaRunDir(plan);
    const there = await (0,promises_.stat)((0,external_node_path_.join)(dir, 'delta')).then(() => true, () => false);
    await (0,promises_.rm)((0,external_node_path_.join)(dir, 'delta'), { recursive: true, force: true });
    const manifest = await (0,promises_.stat)((0,external_node_path_.join)(dir, 'manifest.json')).then(() => true, () => false);
    await (0,promises_.rm)((0,external_node_path_.join)(dir, 'manifest.json'), { force: true });
    await removeIfEmpty(dir);
    return there || manifest;
}
/**
 * The delta files of this bundle, processed with its own session key and
 * IV (recovered from its ivSessionKey with the public key, as a device does)
 * and, with verify on, each checked as a device would before anything is
 * published.
 */
async function makeDelta(plan, packed, logger, signal) {
    const { candidates } = plan.delta;
    const progress = (0,src_progress/* startProgress */.ot)('Delta files', { files: candidates.length, bytes: candidates.reduce((sum, file) => sum + file.size, 0) }, (line) => logger.info(line));
    const session = plan.delta.encrypted ? openDeltaSession(packed.ivSessionKey, plan.key.publicPem) : undefined;
    let delta;
    try {
        delta = await processDelta({
            buildDir: plan.buildDir,
            settings: plan.delta,
            key: plan.key,
            checksumFormat: packed.checksumFormat,
            session,
            outDir: (0,external_node_path_.join)(deltaRunDir(plan), 'delta'),
            signal,
            onProgress: (bytes, files) => progress.add(bytes, files),
        });
    }
    finally {
        session?.key.fill(0);
        progress.done();
    }
    const compressed = delta.files.filter((file) => file.fileName.endsWith('.br')).length;
    logger.info(`Delta: ${delta.files.length} files, ${delta.bytes} bytes ${delta.encrypted ? 'encrypted with the bundle key, file_hash signed' : 'unencrypted, plain SHA-256 file_hash'} (${compressed} Brotli-compressed) in ${delta.dir}`);
    if (plan.verify) {
        const checked = await verifyManifest({
            entries: delta.files.map((file) => ({ fileName: file.fileName, fileHash: file.fileHash, path: file.path })),
            ivSessionKey: delta.encrypted ? packed.ivSessionKey : undefined,
            publicKey: plan.key.publicPem,
            signal,
        });
        logger.info(`Verified the delta as a device would: ${checked.entries} entries pass the path rules, decrypt, decompress and match their file_hash`);
    }
    return delta;
}
async function removeIfEmpty(dir) {
    const entries = await (0,promises_.readdir)(dir).catch(() => undefined);
    if (!entries || entries.length > 0)
        return false;
    return (0,promises_.rmdir)(dir).then(() => true, () => false);
}
/** The whole job from raw inputs: what both the action and `capgo-bundle run` do. */
async function runFromInputs(read, logger, env = process.env, cwd = process.cwd(), guard = new cleanup/* RunGuard */.zO(), trace = newTrace()) {
    const started = performance.now();
    trace.stage = 'inputs';
    const inputs = getInputs(read, logger, env);
    trace.stage = 'plan';
    const plan = await makePlan(inputs, environmentFrom(env, cwd), logger);
    trace.plan = plan;
    const planMs = Math.round(performance.now() - started);
    logger.info(`Bundling ${plan.appId} ${plan.version} from ${plan.buildDir} (${plan.build.files.length} files, checksum ${plan.checksum.format.toUpperCase()}: ${plan.checksum.reason})`);
    guard.throwIfCancelled();
    const result = await runPipeline(plan, logger, guard, trace);
    logger.info(`Done: ${result.publish.destination}`);
    const link = consoleLinkOf(plan, result.publish);
    if (link)
        logger.info(`Capgo console: ${link}`);
    return { plan, result, planMs };
}
/** The bundle's page in the Capgo console, when Capgo Cloud holds a row for it. */
function consoleLinkOf(plan, publish) {
    const capgo = plan.storage.kind === 'capgo' ? plan.storage : plan.storage.kind === 'local' ? undefined : plan.storage.registerWith;
    return capgo && publish.versionId ? capgoConsoleUrl(capgo, plan.appId, publish.versionId) : undefined;
}
/** The step outputs, by action.yml name; the CLI prints the same record with --json. */
function outputsOf({ bundle, publish, signer }) {
    // A skip or a completed re-run describes the version Capgo stores, never this run's fresh session key and file.
    const stored = publish.stored;
    return {
        ivSessionKey: stored?.ivSessionKey ?? bundle.ivSessionKey,
        'iv-session-key': stored?.ivSessionKey ?? bundle.ivSessionKey,
        checksum: stored?.checksum ?? bundle.checksum,
        'checksum-sha256': bundle.sha256,
        'checksum-format': bundle.checksumFormat,
        'key-id': bundle.keyId,
        'bundle-path': stored ? '' : bundle.path,
        'bundle-url': stored ? (stored.bundleUrl ?? '') : (publish.bundleUrl ?? ''),
        'bundle-size': String(bundle.bundleSize),
        'zip-size': String(bundle.zipSize),
        version: bundle.version,
        'app-id': bundle.appId,
        'storage-key': publish.storageKey ?? '',
        'version-id': stored?.versionId ?? publish.versionId ?? '',
        signer: signer ?? '',
        published: String(publish.published ?? (publish.registered && !publish.skipped)),
        'skipped-reason': publish.skippedReason ?? '',
        compatibility: publish.compatibility ?? 'unchecked',
        'min-update-version': publish.minUpdateVersion ?? '',
        'delta-files': String(publish.delta?.files ?? 0),
        'delta-bytes': String(publish.delta?.bytes ?? 0),
        'manifest-path': publish.delta?.manifestPath ?? '',
        'manifest-url': publish.delta?.manifestUrl ?? '',
    };
}

;// CONCATENATED MODULE: ./src/cli/commands/run.ts





const run_flag = (name, description, value = 'value') => ({ name, type: 'string', value, description });
const switchFlag = (name, description) => ({ name, type: 'switch', description });
/** Every input of action.yml, under its own name (a test holds the two lists equal). */
const ACTION_INPUT_FLAGS = [
    run_flag('path', 'Build folder (default: webDir of the capacitor config, else dist).', 'dir'),
    {
        ...run_flag('exclude', 'Glob relative to --path to leave out of the bundle (* matches dot names; a folder leaves out all below); repeatable.', 'glob'),
        multiple: true,
    },
    run_flag('private-key', `PEM private key text (prefer ${PRIVATE_KEY_ENV} or --private-key-path: argv is visible to other users).`, 'pem'),
    run_flag('private-key-path', `Private key file (default: ${PRIVATE_KEY_ENV}, else ./${PRIVATE_KEY_FILE}).`, 'path'),
    run_flag('app-id', 'App id (default: appId of the capacitor config).', 'id'),
    run_flag('version', 'Bundle version; a leading v is stripped (default: package.json version).', 'semver'),
    run_flag('capacitor-config', 'Capacitor config file.', 'path'),
    run_flag('checksum-format', 'auto, v3 or v2.', 'format'),
    run_flag('storage', 'capgo, s3, url, github-release or local (default capgo).', 'kind'),
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
    run_flag('compatibility', 'fail, warn or ignore: the native-package check against each channel (default fail).', 'mode'),
    run_flag('package-json', 'package.json files for the native-package check, comma-separated.', 'paths'),
    run_flag('node-modules', 'node_modules folders for the native-package check, comma-separated.', 'dirs'),
    switchFlag('auto-min-update-version', 'Compute min_update_version per channel as the official CLI does.'),
    run_flag('rollout', 'Progressive rollout percentage, 0-100 (decimals allowed).', 'percent'),
    switchFlag('rollout-advance', "Promote the channel's rollout target to stable, then roll this bundle out."),
    run_flag('rollout-cache-ttl-seconds', 'Rollout decision cache, 60-31536000 seconds.', 'seconds'),
    switchFlag('self-assign', 'Let devices assign themselves to the channel.'),
    switchFlag('delete-linked-bundle-on-upload', 'Delete the bundle each channel served before.'),
    run_flag('unchanged', 'fail or skip when every channel already serves this content (default fail).', 'mode'),
    run_flag('delta', 'Delta (manifest) updates: auto (default), true, only or false.', 'mode'),
    switchFlag('brotli', 'Brotli-compress delta files of 8192 bytes or more when it pays (default true).'),
    { ...run_flag('brotli-exclude', 'Glob relative to --path of delta files never Brotli-compressed; repeatable.', 'glob'), multiple: true },
    run_flag('delta-upload-url', 'storage url with delta: PUT URL template of each delta file, {path} and {sha256}.', 'template'),
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
    run_flag('release-tag', 'Release to attach the bundle to, for storage github-release (default: the tag of GITHUB_REF).', 'tag'),
    run_flag('github-token', 'Token that may write releases (default: GITHUB_TOKEN).', 'token'),
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
        const stopListening = (0,cleanup/* exitOnSignals */.Lx)(guard, {
            report: (line) => context.logger.info(`error: ${line}`),
            exit: (code) => process.exit(code),
        });
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
        brief: 'Exit 0 if devices would accept a bundle (or a delta manifest), 1 naming the check they would fail',
        name: 'verify',
        summary: 'Check an encrypted bundle exactly as a device would, writing nothing: exit 0 when devices accept it, 1 with the failure devices report (decrypt_fail, checksum_fail, unzip_fail) when they would not. With --manifest, check a delta (manifest) update the same way: every entry decrypts with the session key, un-Brotlis when named .br, and matches its file_hash; names pass the device path rules.',
        usage: `${BIN} verify <file> <ivSessionKey> --checksum <signed> [--key pub | --key-data pem] [--json]\n       ${BIN} verify --manifest manifest.json --files DIR [--iv-session-key KEY] [--key pub | --key-data pem] [--json]`,
        positionals: [
            { name: 'file', required: false, description: 'The encrypted zip, as devices download it (not with --manifest).' },
            { name: 'ivSessionKey', required: false, description: 'base64(IV):base64(session key) (not with --manifest).' },
        ],
        options: [
            ...PUBLIC_KEY_OPTIONS,
            { name: 'checksum', type: 'string', value: 'signed', description: 'The signed checksum devices receive (required for a bundle).' },
            {
                name: 'manifest',
                type: 'string',
                value: 'path',
                description: 'A delta manifest: JSON array of {file_name, file_hash, ...} (manifest.json, or the manifest-path output).',
            },
            {
                name: 'files',
                type: 'string',
                value: 'dir',
                description: 'With --manifest: the folder of delta files, each as {sha256}_{file_name} (the delta/ folder) or as {file_name}.',
            },
            {
                name: 'iv-session-key',
                type: 'string',
                value: 'key',
                description: "With --manifest: the update's session_key (the bundle's iv-session-key output); required when file_hash values are signed.",
            },
        ],
        details: `Without --key the public key is the one devices carry: plugins.CapacitorUpdater.publicKey of the
capacitor config here, else ./.capgo_key_v2.pub.
A manifest whose file_hash values are plain SHA-256 hex and no --iv-session-key is checked as an
unencrypted delta (updaters before 6.14.4).
Example: ${BIN} verify --manifest out/com.example.app_1.2.3/manifest.json --files out/com.example.app_1.2.3/delta --iv-session-key "$IV_SESSION_KEY"`,
    },
    async run(context) {
        if (str(context, 'manifest') !== undefined || str(context, 'files') !== undefined)
            return verifyManifestCommand(context);
        if (context.positionals.length < 2)
            throw new UsageError(context.positionals.length ? 'missing <ivSessionKey>' : 'missing <file>');
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
const verify_SHA256_HEX = /^[0-9a-f]{64}$/;
async function verifyManifestCommand(context) {
    const manifestPath = str(context, 'manifest');
    const filesDir = str(context, 'files');
    if (!manifestPath)
        throw new UsageError('--files needs --manifest');
    if (!filesDir)
        throw new UsageError('--manifest needs --files (the folder of delta files)');
    if (context.positionals.length)
        throw new UsageError(`unexpected argument ${context.positionals[0]}: --manifest takes no <file> <ivSessionKey>; pass --iv-session-key`);
    const dir = (0,external_node_path_.resolve)(context.cwd, filesDir);
    if (!(await (0,promises_.stat)(dir).catch(() => undefined))?.isDirectory())
        throw new errors/* BundleError */.rJ('files_missing', `--files ${filesDir} is not a folder.`, 'files');
    const raw = await readManifest((0,external_node_path_.resolve)(context.cwd, manifestPath), manifestPath);
    const ivSessionKey = str(context, 'iv-session-key');
    const signed = raw.some((entry) => !verify_SHA256_HEX.test(entry.file_hash));
    if (signed && !ivSessionKey)
        throw new UsageError("this manifest has signed file_hash values: pass --iv-session-key (the bundle's iv-session-key output, the update's session_key)");
    const key = ivSessionKey ? await publicKeyFrom(context, ['config', 'file']) : undefined;
    if (ivSessionKey && !key)
        throw new UsageError(`no public key: pass --key PATH or --key-data PEM, set ${PUBLIC_KEY_ENV}, or run where .capgo_key_v2.pub or a capacitor config with publicKey is`);
    const publicKey = key ? (0,keys/* parsePublicKey */.ee)(key.text, key.source, 'key') : undefined;
    const keyId = publicKey ? (0,keys/* keyIdOf */.yg)(publicKey.pkcs1Pem) : undefined;
    const entries = [];
    for (const entry of raw)
        entries.push({ fileName: entry.file_name, fileHash: entry.file_hash, path: await verify_locate(dir, entry, publicKey?.key) });
    const by = key ? ` (public key: ${key.source}, key id ${keyId})` : '';
    try {
        const result = await verifyManifest({ entries, ivSessionKey, publicKey: key?.text });
        return {
            json: {
                accepted: true,
                entries: result.entries,
                encrypted: ivSessionKey !== undefined,
                downloadBytes: result.downloadBytes,
                installedBytes: result.installedBytes,
                ...(keyId ? { keyId } : {}),
            },
            text: [
                `Devices would accept this delta update: ${result.entries} entries pass the path rules, ${ivSessionKey ? `decrypt with the session key and match their signed file_hash${by}` : 'match their plain SHA-256 file_hash (unencrypted)'}; ${result.downloadBytes} bytes to download, ${result.installedBytes} installed.`,
            ],
        };
    }
    catch (error) {
        if (!(error instanceof ManifestRejection))
            throw error;
        return {
            json: {
                accepted: false,
                reason: error.reason,
                error: error.code,
                fileName: error.fileName,
                message: error.message,
                ...(keyId ? { keyId } : {}),
            },
            text: [],
            exitCode: 1,
            error: `${error.message}${by}`,
        };
    }
}
async function readManifest(path, given) {
    const text = await (0,promises_.readFile)(path, 'utf8').catch(() => {
        throw new errors/* BundleError */.rJ('manifest_missing', `--manifest ${given} cannot be read.`, 'manifest');
    });
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        throw new errors/* BundleError */.rJ('manifest_invalid', `--manifest ${given} is not JSON (${error.message}).`, 'manifest');
    }
    // set_manifest's body wraps the entries; manifest.json is the bare array.
    const list = Array.isArray(parsed) ? parsed : parsed?.manifest;
    if (!Array.isArray(list))
        throw new errors/* BundleError */.rJ('manifest_invalid', `--manifest ${given} is not a JSON array of {file_name, file_hash} entries.`, 'manifest');
    return list.map((entry, index) => {
        if (typeof entry?.file_name !== 'string' || typeof entry.file_hash !== 'string') {
            throw new errors/* BundleError */.rJ('manifest_invalid', `--manifest ${given}: entry ${index} has no string file_name and file_hash.`, 'manifest');
        }
        return { file_name: entry.file_name, file_hash: entry.file_hash };
    });
}
/** `{sha256}_{file_name}` (the delta/ layout; the hash recovered from file_hash when signed), else `{file_name}`; a missing file is what a failed download would be. */
async function verify_locate(dir, entry, publicKey) {
    let sha256 = verify_SHA256_HEX.test(entry.file_hash) ? entry.file_hash : undefined;
    if (!sha256 && publicKey) {
        try {
            sha256 = (0,bundle_format/* recoverChecksum */.s1)(publicKey, entry.file_hash).expectedSha256;
        }
        catch {
            // verifyManifest reports the file_hash itself.
        }
    }
    // Names are checked by verifyManifest before any read; a hostile name must not reach outside dir here either.
    const safe = !entry.file_name.split('/').includes('..') && !entry.file_name.startsWith('/') && !entry.file_name.includes('\\');
    if (safe && sha256) {
        const layout = (0,external_node_path_.join)(dir, `${sha256}_${entry.file_name}`);
        if ((await (0,promises_.stat)(layout).catch(() => undefined))?.isFile())
            return layout;
    }
    return safe ? (0,external_node_path_.join)(dir, entry.file_name) : (0,external_node_path_.join)(dir, '.refused-name');
}

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
            {
                name: 'bundle',
                short: 'b',
                type: 'string',
                value: 'version',
                description: 'Bundle version (default: version of package.json); names the zip.',
            },
            { name: 'name', short: 'n', type: 'string', value: 'file', description: 'Zip file to write (default: {appId}_{version}.zip).' },
            {
                name: 'ignore-notify-app-ready',
                type: 'boolean',
                description: 'Only warn when no .js file calls notifyAppReady() (devices would roll back).',
            },
            {
                name: 'no-code-check',
                type: 'boolean',
                description: 'Same as --ignore-notify-app-ready; index.html at the root is still required.',
            },
            { name: 'key-v2', type: 'boolean', description: 'Accepted for compatibility: the checksum is always SHA-256.' },
            { name: 'package-json', type: 'string', value: 'paths', description: 'Accepted for compatibility; not needed here.' },
            {
                name: 'exclude',
                type: 'string',
                value: 'glob',
                multiple: true,
                description: 'Glob relative to --path to leave out (* matches dot names; a folder leaves out all below); repeatable.',
            },
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
    const found = appVersion([dir]);
    if (!found)
        throw new UsageError('missing --bundle: no package.json with a version here');
    return normaliseVersion(found.version, `version of ${found.path}`);
}

;// CONCATENATED MODULE: ./src/cli/index.ts












const COMMANDS = [keyCreate, keySave, zip, encrypt, decrypt, verify_verify, doctor, run, channelPromote];
(0,memory/* keepYoungGenerationSmall */.Dd)();
// exitCode rather than exit(): stdout is a pipe in scripts and must drain first.
void runCli(COMMANDS, process.argv.slice(2), { ...processStreams, cwd: process.cwd(), env: process.env }).then((code) => {
    process.exitCode = code;
});

