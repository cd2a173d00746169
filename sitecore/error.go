package sitecore

import (
	"errors"
	"fmt"
)

// Error codes. They are few on purpose: each maps to exactly one HTTP status in httpapi, and
// callers branch on them with ErrorCode.
const (
	EInvalid      = "invalid"      // the input is wrong; Field names the culprit
	ENotFound     = "not_found"    // the thing does not exist, or belongs to another tenant
	EConflict     = "conflict"     // the input clashes with stored state (duplicate slug, ...)
	EUnauthorized = "unauthorized" // no or bad credentials
	EForbidden    = "forbidden"    // credentials are fine but the action is not allowed
	ETooLarge     = "too_large"    // the body or file is larger than allowed
	ERateLimited  = "rate_limited" // slow down
	EUnavailable  = "unavailable"  // a dependency is down; retrying later may help
	EInternal     = "internal"     // a bug or an unexpected failure; details only in logs
)

// Error is the single error type of the domain. Code decides the HTTP status, Key selects a
// localized message (see Message), Field names the input field at fault and Args fill the
// message's placeholders. Err keeps the internal cause for logs; it is never sent to clients.
type Error struct {
	Code  string
	Key   string
	Field string
	Args  map[string]string
	Op    string
	Err   error
}

// Error implements the error interface with the details an operator needs in a log line.
func (e *Error) Error() string {
	s := e.Code
	if e.Op != "" {
		s = e.Op + ": " + s
	}
	if e.Key != "" {
		s += " (" + e.Key + ")"
	}
	if e.Field != "" {
		s += " field=" + e.Field
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the internal cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with the code and message key; args are pairs of placeholder name
// and value ("field", "slug").
func Errorf(code, key string, args ...string) *Error {
	e := &Error{Code: code, Key: key}
	if len(args) > 0 {
		e.Args = make(map[string]string, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			e.Args[args[i]] = args[i+1]
		}
	}
	return e
}

// Invalid returns an EInvalid error about one field.
func Invalid(field, key string, args ...string) *Error {
	e := Errorf(EInvalid, key, args...)
	e.Field = field
	return e
}

// Conflictf returns an EConflict error about one field.
func Conflictf(field, key string, args ...string) *Error {
	e := Errorf(EConflict, key, args...)
	e.Field = field
	return e
}

// NotFound returns an ENotFound error with the generic message for the kind of thing.
func NotFound(what string) *Error { return Errorf(ENotFound, "not_found."+what) }

// Internal wraps an unexpected error, keeping it for the logs; op names the operation.
func Internal(op string, err error) *Error {
	return &Error{Code: EInternal, Key: "internal", Op: op, Err: err}
}

// Unavailable wraps the failure of a dependency (database, Temporal, SMTP), naming it.
func Unavailable(op, dependency string, err error) *Error {
	return &Error{Code: EUnavailable, Key: "unavailable", Op: op, Err: err,
		Args: map[string]string{"dependency": dependency}}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal for any other
// non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EInternal
	}
}

// AsError returns err as an *Error, wrapping unknown errors as internal ones.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal("", err)
}

// WithOp returns a copy of err naming the operation, so logs tell where it came from.
func WithOp(op string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		c := *e
		if c.Op == "" {
			c.Op = op
		}
		return &c
	}
	return fmt.Errorf("%s: %w", op, err)
}
