package site

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/mektep/mektep/sitecore"
)

// Menus of the control panel: a menu's items as a nested list, reordered and nested by
// drag-and-drop (panel-editor.js writes each item's depth before the form is sent) or with
// the buttons of each item without JavaScript (up, down, indent, outdent, remove). The
// labels edited are those of the panel's language; the others are carried along. Saving
// is cms.Menus.Put, as in the JSON API.

var menusPage = panelPage("menus.html")

// menuMaxDepth is how deep menus nest (cms.Menus refuses deeper ones).
const menuMaxDepth = 3

// menuRow is an item of the menu in the form's order (depth first).
type menuRow struct {
	Index    int
	Depth    int
	Target   string // page:<key>, news:<key> or url
	URL      string
	Labels   map[sitecore.Lang]string
	Children []*menuRow
	First    bool
	Last     bool
	V        *panelView
	M        *menusView
}

// Label is the item's label in l.
func (m *menuRow) Label(l sitecore.Lang) string { return m.Labels[l] }

// NewsKey is the news item the item links to ("" when it links elsewhere).
func (m *menuRow) NewsKey() string {
	if k, ok := strings.CutPrefix(m.Target, "news:"); ok {
		return k
	}
	return ""
}

// menusView is the model of the menu page.
type menusView struct {
	Name    string
	Items   []*menuRow
	Count   int
	Targets []parentOption // pages (page:<key>) and the URL choice
	Others  []sitecore.Lang
	CanEdit bool
}

var menuIndexRE = regexp.MustCompile(`\[(\d+)\]`)

var menuOpRE = regexp.MustCompile(`^(up|down|in|out|del):(\d+)$`)

// PanelMenus shows a menu (?name=, "main" by default); its form posts the items (op=save,
// op=add with the new item's fields, or a button's op=up:3 / down / in / out / del).
func (s *Server) PanelMenus(w http.ResponseWriter, r *http.Request) {
	v, ok := s.contentEnter(w, r, sitecore.SectionMenu, "menus")
	if !ok {
		return
	}
	v.sortable()
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "main"
	}
	status := http.StatusOK
	var rows []*menuRow
	errField := ""
	if r.Method == http.MethodPost {
		readForm(w, r, 256<<10)
		rows = menuRowsFrom(r, v)
		var err error
		if rows, err = menuOp(rows, r.PostForm, v); err == nil {
			_, err = s.Menus.Put(r.Context(), v.p, s.Actor(r), v.Site.ID, name, menuTree(rows))
		}
		if err == nil {
			done(w, r, v.Path("menus")+"?name="+name, "saved")
			return
		}
		status = v.fail(err)
		errField = sitecore.AsError(err).Field
	} else {
		m, err := s.Menus.Get(r.Context(), v.p, v.Site.ID, name)
		if err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		rows = flattenMenu(m.Items, 0)
	}
	mv := &menusView{Name: name, Count: len(rows), CanEdit: v.Can("menu", "edit")}
	for _, l := range v.Site.Languages {
		if l != v.Lang {
			mv.Others = append(mv.Others, l)
		}
	}
	pages, err := s.Content.PageOutline(r.Context(), v.Site.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	for _, pg := range sortedPages(pages) {
		mv.Targets = append(mv.Targets, parentOption{Key: "page:" + pg.Key, Label: v.T("menus.kind.page") + ": " + pageTitle(pg, v)})
	}
	for i, row := range rows {
		row.Index = i
	}
	mv.Items = nestMenu(rows)
	for _, row := range rows {
		row.V, row.M = v, mv
	}
	// A refused item (items[0].children[1].url) is marked in its row.
	if strings.HasPrefix(errField, "items[") {
		level, msg := mv.Items, v.Errors[errField]
		if msg == "" {
			msg = v.Error
		}
		var row *menuRow
		for _, m := range menuIndexRE.FindAllStringSubmatch(errField, -1) {
			i, _ := strconv.Atoi(m[1])
			if i >= len(level) {
				break
			}
			row, level = level[i], level[i].Children
		}
		if row != nil {
			v.Errors["row."+strconv.Itoa(row.Index)] = msg
		}
	}
	v.Title, v.Kind, v.Data = v.T("menus.title")+": "+name, "menus", mv
	s.renderPanel(w, r, status, menusPage, v)
}

// flattenMenu lists the items depth first with their depth.
func flattenMenu(items []sitecore.MenuItem, depth int) []*menuRow {
	var out []*menuRow
	for _, it := range items {
		row := &menuRow{Depth: depth, Labels: map[sitecore.Lang]string{}}
		for l, s := range it.Label {
			row.Labels[l] = s
		}
		switch {
		case it.PageKey != "":
			row.Target = "page:" + it.PageKey
		case it.NewsKey != "":
			row.Target = "news:" + it.NewsKey
		default:
			row.Target, row.URL = "url", it.URL
		}
		out = append(out, row)
		out = append(out, flattenMenu(it.Children, depth+1)...)
	}
	return out
}

// menuRowsFrom reads the items of the form: every field repeated once per item, in order.
func menuRowsFrom(r *http.Request, v *panelView) []*menuRow {
	f := r.PostForm
	depths, targets, urls := f["depth"], f["target"], f["url"]
	var rows []*menuRow
	for i := range depths {
		d, _ := strconv.Atoi(depths[i])
		row := &menuRow{Depth: max(d, 0), Labels: map[sitecore.Lang]string{}}
		if i < len(targets) {
			row.Target = targets[i]
		}
		if i < len(urls) {
			row.URL = strings.TrimSpace(urls[i])
		}
		for _, l := range v.Site.Languages {
			if ls := f["label."+string(l)]; i < len(ls) {
				row.Labels[l] = strings.TrimSpace(ls[i])
			}
		}
		rows = append(rows, row)
	}
	// Depths as the form says, but never deeper than one below the item before.
	for i, row := range rows {
		switch {
		case i == 0:
			row.Depth = 0
		case row.Depth > rows[i-1].Depth+1:
			row.Depth = rows[i-1].Depth + 1
		}
	}
	return rows
}

// block is the end (exclusive) of the item at i with its children.
func block(rows []*menuRow, i int) int {
	j := i + 1
	for j < len(rows) && rows[j].Depth > rows[i].Depth {
		j++
	}
	return j
}

// prevSibling is the index of the item before i on its level, or -1.
func prevSibling(rows []*menuRow, i int) int {
	for k := i - 1; k >= 0; k-- {
		if rows[k].Depth < rows[i].Depth {
			return -1
		}
		if rows[k].Depth == rows[i].Depth {
			return k
		}
	}
	return -1
}

// menuOp applies a button of the form to the items: move, nest, un-nest, remove or add.
func menuOp(rows []*menuRow, f map[string][]string, v *panelView) ([]*menuRow, error) {
	op := ""
	if ops := f["op"]; len(ops) > 0 {
		op = ops[0]
	}
	if op == "add" {
		get := func(k string) string {
			if vs := f[k]; len(vs) > 0 {
				return strings.TrimSpace(vs[0])
			}
			return ""
		}
		row := &menuRow{Target: get("new_target"), URL: get("new_url"), Labels: map[sitecore.Lang]string{v.Lang: get("new_label")}}
		if row.Target == "" {
			row.Target = "url"
		}
		return append(rows, row), nil
	}
	m := menuOpRE.FindStringSubmatch(op)
	if m == nil {
		return rows, nil // save
	}
	i, _ := strconv.Atoi(m[2])
	if i >= len(rows) {
		return nil, sitecore.Invalid("op", "field.unknown")
	}
	end := block(rows, i)
	switch m[1] {
	case "up":
		if k := prevSibling(rows, i); k >= 0 {
			moved := append(append([]*menuRow{}, rows[i:end]...), rows[k:i]...)
			copy(rows[k:end], moved)
		}
	case "down":
		if end < len(rows) && rows[end].Depth == rows[i].Depth {
			end2 := block(rows, end)
			moved := append(append([]*menuRow{}, rows[end:end2]...), rows[i:end]...)
			copy(rows[i:end2], moved)
		}
	case "in":
		if k := prevSibling(rows, i); k >= 0 && maxDepthOf(rows[i:end])+1 < menuMaxDepth {
			for _, r := range rows[i:end] {
				r.Depth++
			}
		}
	case "out":
		if rows[i].Depth > 0 {
			for _, r := range rows[i:end] {
				r.Depth--
			}
		}
	case "del":
		rows = append(rows[:i], rows[end:]...)
	}
	return rows, nil
}

func maxDepthOf(rows []*menuRow) int {
	d := 0
	for _, r := range rows {
		d = max(d, r.Depth)
	}
	return d
}

// menuItem is the service's item of a row.
func (m *menuRow) menuItem() sitecore.MenuItem {
	it := sitecore.MenuItem{Label: map[sitecore.Lang]string{}}
	for l, s := range m.Labels {
		if s != "" {
			it.Label[l] = s
		}
	}
	switch {
	case strings.HasPrefix(m.Target, "page:"):
		it.PageKey = strings.TrimPrefix(m.Target, "page:")
	case strings.HasPrefix(m.Target, "news:"):
		it.NewsKey = strings.TrimPrefix(m.Target, "news:")
	default:
		it.URL = m.URL
	}
	return it
}

// menuTree builds the service's nested items from the rows.
func menuTree(rows []*menuRow) []sitecore.MenuItem {
	var build func(i, depth int) ([]sitecore.MenuItem, int)
	build = func(i, depth int) ([]sitecore.MenuItem, int) {
		out := []sitecore.MenuItem{}
		for i < len(rows) && rows[i].Depth >= depth {
			it := rows[i].menuItem()
			i++
			if i < len(rows) && rows[i].Depth > depth {
				it.Children, i = build(i, depth+1)
			}
			out = append(out, it)
		}
		return out, i
	}
	items, _ := build(0, 0)
	return items
}

// nestMenu turns the rows into the nested list the page shows.
func nestMenu(rows []*menuRow) []*menuRow {
	var top []*menuRow
	stack := []*menuRow{}
	for _, r := range rows {
		r.Children = nil
		for len(stack) > r.Depth {
			stack = stack[:len(stack)-1]
		}
		if len(stack) == 0 {
			top = append(top, r)
		} else {
			p := stack[len(stack)-1]
			p.Children = append(p.Children, r)
		}
		stack = append(stack, r)
	}
	var mark func([]*menuRow)
	mark = func(rs []*menuRow) {
		for i, r := range rs {
			r.First, r.Last = i == 0, i == len(rs)-1
			mark(r.Children)
		}
	}
	mark(top)
	return top
}
