// Package excel writes the platform's Excel exports with github.com/xuri/excelize/v2
// StreamWriter, so memory stays flat however many rows there are.
//
// Rows go straight into each sheet's stream writer, which keeps up to 16 MiB of a sheet's XML
// in memory (its buffer may reach twice that) and moves the rest to a temporary file, removed
// when the export ends; the finished workbook is zipped straight into the caller's writer
// rather than into a buffer first. Memory therefore stops growing with the number of rows
// once each sheet has 16 MiB of XML (about 20,000 rows), and grows with the number of sheets:
// 100,000 applications over eleven grades peak near 200 MB of resident memory with the
// default GOGC, over one grade near 80 MB; an eleven-grade export levels off near 430 MB.
//
// Texts (sheet names, headers, statuses, languages) are in kk, ru and en; another language
// gets the English ones. Times are shown in Asia/Almaty local time (UTC+5, the whole country's
// zone since 1 March 2024).
package excel

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
)

// ContentType is the media type of the workbooks this package writes.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// ProgressEvery is how many data rows pass between two calls of a progress callback.
const ProgressEvery = 1000

// Number formats of the date columns. In Excel's codes "mm" right after "hh" means minutes.
const (
	dateFormat     = "dd.mm.yyyy"
	dateTimeFormat = "dd.mm.yyyy hh:mm"
)

// WriteApplications writes the applications of campaign c as an .xlsx workbook to w, with its
// texts in lang, and returns the number of data rows written.
//
// next returns the applications sorted by grade then id, and (nil, nil) after the last one;
// an error from it stops the export and is returned wrapped. WriteApplications does not keep
// an application after the following call of next, so next may reuse one value. (Unsorted
// input still lands on the right sheets; sorting only gives the sheets their row order.)
//
// The workbook has one sheet per grade of the campaign, in grade order and named in the
// language ("1-сынып", "1 класс", "Grade 1"), even for a grade without applications; an
// application for a grade the campaign does not admit to goes to an extra last sheet ("Басқа",
// "Другие", "Other") made when the first such application comes. Each sheet starts with a bold,
// frozen header row; dates are Excel dates (birth date "dd.mm.yyyy", submitted and updated
// times "dd.mm.yyyy hh:mm" in Asia/Almaty local time), the IIN is text so leading zeros stay.
//
// progress, if not nil, is called with the running row count every ProgressEvery rows.
//
// Nothing is written to w until every application has been read, so on an error from next w
// is left untouched; an error while writing to w may leave a partial file there.
func WriteApplications(w io.Writer, c *sitecore.Campaign, lang sitecore.Lang, next func() (*sitecore.Application, error), progress func(rows int)) (rows int, err error) {
	if c == nil {
		return 0, errors.New("excel: no campaign")
	}
	if next == nil {
		return 0, errors.New("excel: no application source")
	}
	f := excelize.NewFile()
	defer func() {
		// Close removes the stream writers' temporary files.
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("excel: %w", cerr)
		}
	}()
	x, err := newExport(f, c, lang)
	if err != nil {
		return 0, fmt.Errorf("excel: %w", err)
	}
	for {
		a, err := next()
		if err != nil {
			return rows, fmt.Errorf("excel: reading application %d: %w", rows+1, err)
		}
		if a == nil {
			break
		}
		if err := x.writeApplication(a); err != nil {
			return rows, fmt.Errorf("excel: application %d (%s): %w", a.ID, a.Number, err)
		}
		rows++
		if progress != nil && rows%ProgressEvery == 0 {
			progress(rows)
		}
	}
	if err := x.finish(w); err != nil {
		return rows, fmt.Errorf("excel: %w", err)
	}
	return rows, nil
}

// sheet is one worksheet being streamed.
type sheet struct {
	name string
	sw   *excelize.StreamWriter
	row  int // the last row written, 1 for the header
}

// export is the state of one WriteApplications call.
type export struct {
	f        *excelize.File
	lang     sitecore.Lang
	sheets   []*sheet // in workbook order
	byGrade  map[int]*sheet
	other    *sheet
	header   int // style IDs
	text     int
	date     int
	dateTime int
	// One row's cells, reused from row to row: SetRow writes them out before it returns.
	cells [numCols]excelize.Cell
	vals  [numCols]any
}

// newExport makes the workbook's styles and its grade sheets with their headers.
func newExport(f *excelize.File, c *sitecore.Campaign, lang sitecore.Lang) (*export, error) {
	x := &export{f: f, lang: lang, byGrade: make(map[int]*sheet, len(c.Grades))}
	var err error
	if x.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	}); err != nil {
		return nil, err
	}
	if x.text, err = f.NewStyle(&excelize.Style{NumFmt: 49}); err != nil { // "@": text
		return nil, err
	}
	df, dtf := dateFormat, dateTimeFormat
	if x.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &df}); err != nil {
		return nil, err
	}
	if x.dateTime, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dtf}); err != nil {
		return nil, err
	}

	grades := make([]int, 0, len(c.Grades))
	for _, g := range c.Grades {
		grades = append(grades, g.Grade)
	}
	slices.Sort(grades)
	grades = slices.Compact(grades)
	for _, g := range grades {
		name := gradeSheetName(lang, g)
		if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
		s := &sheet{name: name}
		x.sheets = append(x.sheets, s)
		x.byGrade[g] = s
	}
	if len(grades) == 0 {
		// A workbook needs a sheet: without grades every application is "other".
		name := pick(otherSheet, lang)
		if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
		x.other = &sheet{name: name}
		x.sheets = append(x.sheets, x.other)
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	for _, s := range x.sheets {
		if err := x.start(s); err != nil {
			return nil, err
		}
	}
	return x, nil
}

// start opens the stream writer of a sheet already in the workbook and writes its header.
func (x *export) start(s *sheet) error {
	sw, err := x.f.NewStreamWriter(s.name)
	if err != nil {
		return err
	}
	s.sw = sw
	// Backwards: the stream writer puts each new width first, and Excel wants them in order.
	for i := numCols - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, columns[i].width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	header := make([]any, numCols)
	for i, col := range columns {
		header[i] = excelize.Cell{StyleID: x.header, Value: pick(col.title, x.lang)}
	}
	s.row = 1
	return sw.SetRow("A1", header, excelize.RowOpts{Height: 30})
}

// sheetFor returns the sheet of a grade, making the "other" sheet when the campaign does not
// admit to the grade.
func (x *export) sheetFor(grade int) (*sheet, error) {
	if s, ok := x.byGrade[grade]; ok {
		return s, nil
	}
	if x.other == nil {
		name := pick(otherSheet, x.lang)
		if _, err := x.f.NewSheet(name); err != nil {
			return nil, err
		}
		x.other = &sheet{name: name}
		x.sheets = append(x.sheets, x.other)
		if err := x.start(x.other); err != nil {
			return nil, err
		}
	}
	return x.other, nil
}

// writeApplication writes one application as the next row of its grade's sheet.
func (x *export) writeApplication(a *sitecore.Application) error {
	s, err := x.sheetFor(a.Grade)
	if err != nil {
		return err
	}
	clear(x.vals[:])
	x.set(colNumber, 0, a.Number)
	x.set(colChildName, 0, a.ChildName)
	x.set(colIIN, x.text, a.ChildIIN.Digits())
	x.setDate(colBirthDate, a.BirthDate)
	x.setValue(colGrade, 0, a.Grade)
	x.set(colInstructionLang, 0, langName(a.InstructionLang, x.lang))
	x.set(colAddress, 0, a.Address)
	x.set(colPhone, x.text, a.Phone)
	x.set(colEmail, 0, a.Email)
	x.set(colStatus, 0, sitecore.StatusName(a.Status, x.lang))
	if a.WaitlistPosition > 0 {
		x.setValue(colWaitlistPosition, 0, a.WaitlistPosition)
	}
	reason := a.DeclineText
	if reason == "" {
		reason = a.DeclineReason
	}
	x.set(colDeclineReason, 0, reason)
	x.setDateTime(colSubmittedAt, a.CreatedAt)
	x.setDateTime(colUpdatedAt, a.UpdatedAt)
	x.set(colCatchment, 0, pick(yesNo[a.InCatchment], x.lang))
	if a.Priority != "" {
		x.set(colPriority, 0, sitecore.PriorityName(a.Priority, a.PriorityStatus, x.lang))
	}
	s.row++
	return s.sw.SetRow("A"+strconv.Itoa(s.row), x.vals[:])
}

// set puts a text in a cell of the row; an empty text leaves the cell out.
func (x *export) set(col, style int, v string) {
	if v != "" {
		x.setValue(col, style, v)
	}
}

// setValue puts a value in a cell of the row.
func (x *export) setValue(col, style int, v any) {
	x.cells[col] = excelize.Cell{StyleID: style, Value: v}
	x.vals[col] = &x.cells[col]
}

// setDate puts the calendar date of t, as it is in Almaty, in a cell as an Excel date. Birth
// dates are stored at midnight UTC or at midnight in Almaty: both give the right day.
func (x *export) setDate(col int, t time.Time) {
	if t.IsZero() {
		return
	}
	t = t.In(sitecore.Almaty)
	if v, ok := excelSerial(t.Year(), t.Month(), t.Day(), 0, 0, 0); ok {
		x.setValue(col, x.date, v)
	} else {
		x.set(col, 0, t.Format("02.01.2006"))
	}
}

// setDateTime puts the instant t, as Almaty's wall time to the second, in a cell as an Excel
// date and time.
func (x *export) setDateTime(col int, t time.Time) {
	if t.IsZero() {
		return
	}
	t = t.In(sitecore.Almaty)
	if v, ok := excelSerial(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second()); ok {
		x.setValue(col, x.dateTime, v)
	} else {
		x.set(col, 0, t.Format("02.01.2006 15:04"))
	}
}

// The 1900 date system counts days from 30 December 1899, because Excel takes 1900 for a
// leap year; the count is right from 1 March 1900 on, and Excel shows no year after 9999.
var (
	excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).Unix()
	excelFirst = time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC).Unix()
	excelLast  = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
)

// excelSerial returns the Excel serial number of a wall-clock date and time; ok is false
// outside the range Excel shows as dates.
func excelSerial(year int, month time.Month, day, hour, minute, sec int) (float64, bool) {
	u := time.Date(year, month, day, hour, minute, sec, 0, time.UTC).Unix()
	if u < excelFirst || u >= excelLast {
		return 0, false
	}
	s := u - excelEpoch
	return float64(s/86400) + float64(s%86400)/86400, true
}

// finish flushes the sheets and zips the workbook into w.
func (x *export) finish(w io.Writer) error {
	for _, s := range x.sheets {
		if err := s.sw.Flush(); err != nil {
			return fmt.Errorf("sheet %q: %w", s.name, err)
		}
	}
	// excelize's Write and WriteTo build the whole zip in a bytes.Buffer before copying it to
	// w. Its ZipWriter hook is handed that buffer; ignoring it and zipping into w instead
	// streams the sheets from their temporary files straight to w, and the buffer stays empty.
	x.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) })
	buf, err := x.f.WriteToBuffer()
	if err != nil {
		return err
	}
	if buf.Len() != 0 { // the hook was not used: fall back to copying the buffer
		_, err = buf.WriteTo(w)
	}
	return err
}
