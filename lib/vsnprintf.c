/* SPDX-License-Identifier: MIT */
/*
 * lib/vsnprintf.c - formatted output into a bounded buffer.
 *
 * vsnprintf() walks the format string.  Ordinary characters are copied
 * out; each "%..." is parsed into a struct fmt_spec and printed by an
 * emit_* function.  Every conversion ends in emit_field(), which lays out
 *
 *	[spaces] [prefix] [zeros] [body] [spaces]
 *
 * and every byte goes through out_char(), the only code that knows the
 * buffer's size.  It keeps counting once the buffer is full, which gives
 * C99's "length it would have had" return value for free.
 * The supported conversions are listed in include/trapdoor/printf.h.
 */

#include <stdbool.h>
#include <stdint.h>
#include <trapdoor/printf.h>
#include <trapdoor/string.h>

/* The output so far: len counts every byte produced, even those that did not fit. */
struct out {
	char *buf;
	size_t size;
	size_t len;
};

/* The integer type a length modifier selects: hh, h, (none), l, ll, z. */
enum length { LEN_CHAR, LEN_SHORT, LEN_INT, LEN_LONG, LEN_LLONG, LEN_SIZE };

/* One parsed conversion: everything between '%' and the conversion letter. */
struct fmt_spec {
	bool left;		/* '-': pad on the right instead of the left */
	bool zero;		/* '0': pad numbers with zeros instead of spaces */
	bool plus;		/* '+': give non-negative signed numbers a '+' */
	bool space;		/* ' ': give them a ' ' instead (if no '+') */
	bool alt;		/* '#': prefix non-zero hex numbers with 0x */
	int width;		/* minimum field width; 0 if none */
	int precision;		/* -1 if none */
	enum length length;
};

/* Store one byte if it fits, always keeping the last byte free for the NUL. */
static void out_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_repeat(struct out *o, char c, size_t count)
{
	while (count-- > 0)
		out_char(o, c);
}

static void out_bytes(struct out *o, const char *s, size_t n)
{
	while (n-- > 0)
		out_char(o, *s++);
}

/* Parse the flag characters "-0+ #"; returns the address after them. */
static const char *parse_flags(const char *f, struct fmt_spec *spec)
{
	for (;; f++) {
		switch (*f) {
		case '-': spec->left = true; break;
		case '0': spec->zero = true; break;
		case '+': spec->plus = true; break;
		case ' ': spec->space = true; break;
		case '#': spec->alt = true; break;
		default: return f;
		}
	}
}

/* Read a width or precision: decimal digits (saturating), or '*' for an int argument. */
static const char *parse_count(const char *f, int *count, va_list *ap)
{
	if (*f == '*') {
		*count = va_arg(*ap, int);
		return f + 1;
	}
	for (*count = 0; *f >= '0' && *f <= '9'; f++) {
		int digit = *f - '0';

		*count = *count > (__INT_MAX__ - digit) / 10 ? __INT_MAX__ : *count * 10 + digit;
	}
	return f;
}

/* Parse a length modifier (hh, h, ll, l or z), if present. */
static const char *parse_length(const char *f, struct fmt_spec *spec)
{
	switch (*f) {
	case 'h': spec->length = f[1] == 'h' ? LEN_CHAR : LEN_SHORT; break;
	case 'l': spec->length = f[1] == 'l' ? LEN_LLONG : LEN_LONG; break;
	case 'z': spec->length = LEN_SIZE; break;
	default: return f;
	}
	return f + (spec->length == LEN_CHAR || spec->length == LEN_LLONG ? 2 : 1);
}

/* Parse everything between '%' and the conversion letter; returns the letter's address. */
static const char *parse_spec(const char *f, struct fmt_spec *spec, va_list *ap)
{
	*spec = (struct fmt_spec){ .precision = -1, .length = LEN_INT };
	f = parse_flags(f, spec);
	f = parse_count(f, &spec->width, ap);
	if (spec->width < 0) {			/* C: a negative '*' width means '-' */
		spec->left = true;		/* (and INT_MIN has no positive twin) */
		spec->width = spec->width < -__INT_MAX__ ? __INT_MAX__ : -spec->width;
	}
	if (*f == '.') {
		f = parse_count(f + 1, &spec->precision, ap);
		if (spec->precision < 0)	/* C: a negative '*' precision means none */
			spec->precision = -1;
	}
	return parse_length(f, spec);
}

/* Fetch a signed argument of the type the length modifier names. */
static int64_t fetch_signed(const struct fmt_spec *spec, va_list *ap)
{
	switch (spec->length) {
	case LEN_CHAR:	return (signed char)va_arg(*ap, int);	/* promoted to int */
	case LEN_SHORT:	return (short)va_arg(*ap, int);		/* promoted to int */
	case LEN_LONG:	return va_arg(*ap, long);
	case LEN_LLONG:	return va_arg(*ap, long long);
	case LEN_SIZE:	return va_arg(*ap, ptrdiff_t);		/* size_t's signed twin */
	default:	return va_arg(*ap, int);
	}
}

/* Fetch an unsigned argument of the type the length modifier names. */
static uint64_t fetch_unsigned(const struct fmt_spec *spec, va_list *ap)
{
	switch (spec->length) {
	case LEN_CHAR:	return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT:	return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG:	return va_arg(*ap, unsigned long);
	case LEN_LLONG:	return va_arg(*ap, unsigned long long);
	case LEN_SIZE:	return va_arg(*ap, size_t);
	default:	return va_arg(*ap, unsigned int);
	}
}

/* Lay out one field: [spaces][prefix][zeros][body][spaces], at least width wide. */
static void emit_field(struct out *o, const struct fmt_spec *spec, const char *prefix,
		       size_t zeros, const char *body, size_t body_len)
{
	size_t used = strlen(prefix) + zeros + body_len;
	size_t pad = (size_t)spec->width > used ? (size_t)spec->width - used : 0;

	if (!spec->left)
		out_repeat(o, ' ', pad);
	out_bytes(o, prefix, strlen(prefix));
	out_repeat(o, '0', zeros);
	out_bytes(o, body, body_len);
	if (spec->left)
		out_repeat(o, ' ', pad);
}

/* Print value in base 10 or 16 after prefix (a sign, "0x" or nothing). */
static void emit_number(struct out *o, const struct fmt_spec *spec, uint64_t value,
			unsigned int base, bool upper, const char *prefix)
{
	const char *digit_chars = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[20];			/* UINT64_MAX has 20 decimal digits */
	char *start = digits + sizeof(digits);

	do {					/* fill from the right, lowest digit first */
		*--start = digit_chars[value % base];
		value /= base;
	} while (value != 0);

	size_t ndigits = digits + sizeof(digits) - start;
	size_t zeros = 0;

	if (spec->precision >= 0) {		/* precision: the minimum digit count */
		if (spec->precision == 0 && *start == '0')
			ndigits = 0;		/* C: "%.0d" prints 0 as no digits at all */
		if ((size_t)spec->precision > ndigits)
			zeros = spec->precision - ndigits;
	} else if (spec->zero && !spec->left) {	/* '0': fill the width with zeros */
		size_t used = strlen(prefix) + ndigits;

		if ((size_t)spec->width > used)
			zeros = spec->width - used;
	}
	emit_field(o, spec, prefix, zeros, start, ndigits);
}

/*
 * %d %i %u %x %X %p.  A negative number's magnitude is computed in
 * unsigned arithmetic: negating INT64_MIN as a signed number overflows
 * (undefined behaviour), but 0 - x on a uint64_t is defined.
 */
static void emit_integer(struct out *o, const struct fmt_spec *spec, char conv, va_list *ap)
{
	bool decimal = conv == 'd' || conv == 'i' || conv == 'u';
	const char *prefix = "";
	uint64_t value;

	if (conv == 'd' || conv == 'i') {
		int64_t v = fetch_signed(spec, ap);

		value = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
		prefix = v < 0 ? "-" : spec->plus ? "+" : spec->space ? " " : "";
	} else if (conv == 'p') {
		value = (uintptr_t)va_arg(*ap, void *);
		prefix = "0x";			/* always, even for NULL: "0x0" */
	} else {
		value = fetch_unsigned(spec, ap);
		if (spec->alt && !decimal && value != 0)
			prefix = conv == 'X' ? "0X" : "0x";
	}
	emit_number(o, spec, value, decimal ? 10 : 16, conv == 'X', prefix);
}

/* %s: a NULL pointer prints "(null)"; a precision caps the bytes read. */
static void emit_string(struct out *o, const struct fmt_spec *spec, const char *s)
{
	if (s == NULL)
		s = "(null)";
	size_t len = spec->precision >= 0 ? strnlen(s, spec->precision) : strlen(s);

	emit_field(o, spec, "", 0, s, len);
}

/* Print the conversion whose '%' is at pct; returns where the format continues. */
static const char *emit_conversion(struct out *o, const char *pct, va_list *ap)
{
	struct fmt_spec spec;
	const char *f = parse_spec(pct + 1, &spec, ap);
	char c;

	switch (*f) {
	case 'd': case 'i': case 'u': case 'x': case 'X': case 'p':
		emit_integer(o, &spec, *f, ap);
		break;
	case 's':
		emit_string(o, &spec, va_arg(*ap, const char *));
		break;
	case 'c':
		c = (char)va_arg(*ap, int);		/* promoted to int */
		emit_field(o, &spec, "", 0, &c, 1);
		break;
	case '%':
		out_char(o, '%');
		break;
	case '\0':				/* the format ends inside a conversion */
		out_bytes(o, pct, f - pct);
		return f;
	default:				/* unknown: copy "%...q" as written */
		out_bytes(o, pct, f + 1 - pct);
		break;
	}
	return f + 1;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };
	va_list args;

	/*
	 * The helpers take a va_list * so that their va_arg calls advance our
	 * position.  &ap would not do: on x86-64 va_list is an array type, so
	 * the parameter ap is really a pointer and &ap has the wrong type.
	 */
	va_copy(args, ap);
	while (*fmt != '\0') {
		if (*fmt == '%')
			fmt = emit_conversion(&o, fmt, &args);
		else
			out_char(&o, *fmt++);
	}
	va_end(args);

	if (size > 0)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > __INT_MAX__ ? -1 : (int)o.len;	/* C: an error if an int can't hold it */
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return len;
}
