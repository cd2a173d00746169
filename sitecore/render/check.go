package render

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"
)

// OverrideFuncs are the functions a site's template override may call: the comparison and
// logic builtins, len, index, slice, the escapers, and date. Not allowed: call (it calls
// functions found in data), safe (it would print HTML unescaped), and print, printf and
// println (a width such as %0999999999d makes one call allocate a gigabyte).
var OverrideFuncs = []string{"and", "or", "not", "eq", "ne", "lt", "le", "gt", "ge", "len", "index", "slice",
	"html", "js", "urlquery", "date"}

// OverrideTemplates are the theme's templates an override may include with {{template}}.
// The overridable blocks themselves are not among them, so overrides cannot recurse.
var OverrideTemplates = []string{"style", "pager"}

// maxRangeDepth bounds nested {{range}}s: the data's lists are short, but a list of 50 menu
// items ranged over at depth 5 is 300 million iterations.
const maxRangeDepth = 3

// TemplateError is a problem of a template override, located at a line of the named
// template. Kind is "parse" (it does not parse), "not_allowed" (it parses but uses what
// overrides may not) or "render" (it fails on the site's real content).
type TemplateError struct {
	Kind     string
	Template string
	Line     int
	Detail   string
}

func (e *TemplateError) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", e.Template, e.Line, e.Kind, e.Detail)
}

// errLocation finds "name:line" in the errors of text/template and html/template
// ("template: footer:3: ...", "html/template:footer:2:10: ...").
var errLocation = regexp.MustCompile(`template: ?([^:\s]+):(\d+)(?::\d+)?: ?(.*)$`)

// asTemplateError turns an error of parsing or executing into a TemplateError, naming
// fallback when the error has no location.
func asTemplateError(kind, fallback string, err error) *TemplateError {
	msg := err.Error()
	if m := errLocation.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		return &TemplateError{Kind: kind, Template: m[1], Line: line, Detail: m[3]}
	}
	return &TemplateError{Kind: kind, Template: fallback, Line: 1, Detail: msg}
}

// CheckOverrideText parses a block override on its own and refuses what overrides may not
// do: define or redefine templates, include templates other than OverrideTemplates (files
// cannot be included at all: a template can only name templates of the theme), call
// functions outside OverrideFuncs, range over numbers, or nest ranges deeper than
// maxRangeDepth. Errors are *TemplateError with the line.
func CheckOverrideText(name, body string) error {
	funcs := map[string]any{"safe": true, "call": true, "print": true, "printf": true, "println": true}
	for _, f := range OverrideFuncs {
		funcs[f] = true
	}
	trees, err := parse.Parse(name, body, "", "", funcs)
	if err != nil {
		return asTemplateError("parse", name, err)
	}
	tree := trees[name]
	for n, t := range trees {
		if n != name {
			return &TemplateError{Kind: "not_allowed", Template: name, Line: lineOf(tree, t.Root), Detail: "{{define \"" + n + "\"}}"}
		}
	}
	if tree == nil || tree.Root == nil {
		return nil
	}
	return checkNodes(tree, tree.Root, 0)
}

func lineOf(t *parse.Tree, n parse.Node) int {
	if t == nil || n == nil {
		return 1
	}
	loc, _ := t.ErrorContext(n)
	if i := strings.LastIndex(loc, ":"); i > 0 {
		if j := strings.LastIndex(loc[:i], ":"); j >= 0 {
			if line, err := strconv.Atoi(loc[j+1 : i]); err == nil {
				return line
			}
		}
	}
	return 1
}

func checkNodes(t *parse.Tree, n parse.Node, ranges int) error {
	refuse := func(at parse.Node, what string) error {
		return &TemplateError{Kind: "not_allowed", Template: t.ParseName, Line: lineOf(t, at), Detail: what}
	}
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := checkNodes(t, c, ranges); err != nil {
				return err
			}
		}
	case *parse.ActionNode:
		return checkNodes(t, n.Pipe, ranges)
	case *parse.PipeNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Cmds {
			if err := checkNodes(t, c, ranges); err != nil {
				return err
			}
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			if err := checkNodes(t, a, ranges); err != nil {
				return err
			}
		}
	case *parse.IdentifierNode:
		if !slices.Contains(OverrideFuncs, n.Ident) {
			return refuse(n, "function "+n.Ident)
		}
	case *parse.TemplateNode:
		if !slices.Contains(OverrideTemplates, n.Name) {
			return refuse(n, "{{template \""+n.Name+"\"}}")
		}
		return checkNodes(t, n.Pipe, ranges)
	case *parse.IfNode:
		return checkBranch(t, &n.BranchNode, ranges)
	case *parse.WithNode:
		return checkBranch(t, &n.BranchNode, ranges)
	case *parse.RangeNode:
		if ranges+1 > maxRangeDepth {
			return refuse(n, "{{range}} nested more than "+strconv.Itoa(maxRangeDepth)+" deep")
		}
		for _, c := range n.Pipe.Cmds {
			for _, a := range c.Args {
				if _, ok := a.(*parse.NumberNode); ok {
					return refuse(n, "{{range}} over a number")
				}
			}
		}
		return checkBranch(t, &n.BranchNode, ranges+1)
	}
	return nil
}

func checkBranch(t *parse.Tree, b *parse.BranchNode, ranges int) error {
	if err := checkNodes(t, b.Pipe, ranges); err != nil {
		return err
	}
	if err := checkNodes(t, b.List, ranges); err != nil {
		return err
	}
	if b.ElseList != nil {
		return checkNodes(t, b.ElseList, ranges)
	}
	return nil
}

// RenderError describes an error of rendering with an override as a TemplateError.
func RenderError(name string, err error) *TemplateError { return asTemplateError("render", name, err) }
