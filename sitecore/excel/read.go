package excel

import (
	"bytes"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
)

// readUnzipLimit bounds what an uploaded workbook may unpack to, so a zip bomb is refused.
const readUnzipLimit = 100 << 20

// ReadFirstSheet reads the rows of the first sheet of an uploaded .xlsx file of at most
// maxBytes, as raw cell values (a number cell gives "12", not its formatted text). A larger
// file is ETooLarge; one that is not a workbook EInvalid "admission.catchment_format" on
// "file".
func ReadFirstSheet(r io.Reader, maxBytes int64) ([][]string, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, sitecore.Internal("excel.ReadFirstSheet", err)
	}
	if int64(len(data)) > maxBytes {
		return nil, &sitecore.Error{Code: sitecore.ETooLarge, Key: "body.too_large", Field: "file",
			Args: map[string]string{"limit": strconv.FormatInt(maxBytes>>20, 10) + " MB"}}
	}
	notBook := func(err error) error {
		return &sitecore.Error{Code: sitecore.EInvalid, Key: "admission.catchment_format", Field: "file", Err: err}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: readUnzipLimit})
	if err != nil {
		return nil, notBook(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, notBook(nil)
	}
	rows, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, notBook(err)
	}
	return rows, nil
}
