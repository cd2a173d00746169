package postgres_test

import (
	"context"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/postgres"
)

// Vocabulary stems of school news and pages. Each language grows them with its endings, so
// the corpus has tens of thousands of word forms, used with a Zipf distribution like real
// text.
var (
	benchStems = map[sitecore.Lang][]string{
		"kk": strings.Fields(`мектеп оқушы мұғалім сынып сабақ білім ата-ана жарыс олимпиада жеңімпаз мереке наурыз
			тәуелсіздік күн жыл тоқсан бағдарлама кітап кітапхана спорт футбол волейбол шахмат байқау сайыс
			оқу әдебиет тарих математика физика химия биология география информатика ағылшын орыс қазақ
			тіл мәдениет өнер музыка би ән концерт театр экскурсия саяхат табиғат экология тазалық еңбек
			жоба зерттеу ғылым конференция семинар кеңес жиналыс директор орынбасар кітапханашы психолог
			дәрігер асхана ас мәзір қауіпсіздік жол ереже өрт жаттығу түлек қоңырау біріккен аймақ облыс
			қала аудан ауыл астана алматы шымкент ақтөбе қарағанды павлодар семей орал атырау маңғыстау
			құттықтау марапат алғыс грамота медаль жүлде орын бірінші екінші үшінші кубок чемпионат
			ойын дебат клуб үйірме робототехника бағдарламалау сурет көрме фестиваль апта айлық декада
			ұлттық дәстүр салт домбыра күй жыр ақын жазушы абай мағжан шоқан әл-фараби ыбырай
			қабылдау өтініш құжат тізім кезек орын бала балабақша дайындық емтихан тест нәтиже баға
			үздік озат еріктілер волонтер көмек қайырымдылық акция сенбілік ағаш көшет гүл бақ`),
		"ru": strings.Fields(`школ ученик учител класс урок знани родител соревновани олимпиад победител праздник
			наурыз независимост ден год четверт программ книг библиотек спорт футбол волейбол шахмат
			конкурс турнир учеб литератур истори математик физик хими биологи географи информатик
			английск русск казахск язык культур искусств музык танц песн концерт театр экскурси
			путешестви природ экологи чистот труд проект исследовани наук конференци семинар совет
			собрани директор заместител библиотекар психолог врач столов питани меню безопасност
			дорог правил пожар учени выпускник звонок област город район сел астан алмат шымкент
			поздравлени наград благодарност грамот медал приз мест перв втор трет кубок чемпионат
			игр дебат клуб кружк робототехник программировани рисунк выставк фестивал недел месячник
			декад национальн традици домбр поэт писател абай пушкин толст чехов приём заявлени
			документ списк очеред ребёнк детск сад подготовк экзамен тест результат оценк отличник
			волонтёр помощ благотворительн акци субботник дерев саженц цвет сад`),
		"en": strings.Fields(`school student teacher class lesson knowledge parent competition olympiad winner holiday
			nauryz independence day year term programme book library sport football volleyball chess
			contest tournament study literature history mathematics physics chemistry biology geography
			computing english russian kazakh language culture art music dance song concert theatre trip
			journey nature ecology cleanliness work project research science conference seminar council
			meeting principal deputy librarian psychologist doctor canteen meal menu safety road rule
			fire drill graduate bell region city district village astana almaty shymkent congratulation
			award gratitude certificate medal prize place first second third cup championship game
			debate club robotics programming drawing exhibition festival week month national tradition
			dombra poet writer abai admission application document list queue child kindergarten
			preparation exam test result grade volunteer help charity campaign tree seedling flower garden`),
	}
	benchEndings = map[sitecore.Lang][]string{
		"kk": {"", "тар", "тің", "ке", "ті", "те", "тен", "пен", "тар", "дағы", "лары", "ының", "ына"},
		"ru": {"а", "ы", "е", "у", "ой", "ом", "ами", "ах", "ов", "и", "ей", "ям", "ого", "ая"},
		"en": {"", "s", "'s", "ing", "ed", "er", "ers"},
	}
)

// benchVocab is a language's word forms, most frequent first.
type benchVocab []string

func newBenchVocab(l sitecore.Lang, rng *rand.Rand) benchVocab {
	var real benchVocab
	for _, s := range benchStems[l] {
		for _, e := range benchEndings[l] {
			real = append(real, s+e)
		}
	}
	slices.Sort(real)
	real = slices.Compact(real)
	rng.Shuffle(len(real), func(i, j int) { real[i], real[j] = real[j], real[i] })
	// Names, places and rare words make the long tail. Real words are spread over the
	// frequency ranks — a few very common ("мектеп"), most of them uncommon — as in text.
	letters := map[sitecore.Lang][]rune{"kk": []rune("абвгдежзийклмнопрстуфхцчшыіэюяәғқңөұүһ"),
		"ru": []rune("абвгдежзийклмнопрстуфхцчшщыьэюя"), "en": []rune("abcdefghijklmnoprstuvwy")}[l]
	seen := map[string]bool{}
	for _, w := range real {
		seen[w] = true
	}
	var v benchVocab
	for i, w := range real {
		v = append(v, w)
		for range min(i/4, 12) {
			t := make([]rune, 4+rng.IntN(7))
			for k := range t {
				t[k] = letters[rng.IntN(len(letters))]
			}
			if !seen[string(t)] {
				seen[string(t)] = true
				v = append(v, string(t))
			}
		}
	}
	return v
}

// isReal reports whether w is a real word of l (a stem with an ending).
func isReal(l sitecore.Lang, w string) bool {
	for _, s := range benchStems[l] {
		if strings.HasPrefix(w, s) {
			return true
		}
	}
	return false
}

// text returns n words drawn with Zipf frequencies, capitalised at sentence starts.
func (v benchVocab) text(z *rand.Zipf, n int, rng *rand.Rand) string {
	var b strings.Builder
	start := true
	for i := range n {
		w := v[z.Uint64()]
		if start {
			r := []rune(w)
			w = strings.ToUpper(string(r[0])) + string(r[1:])
			start = false
		}
		b.WriteString(w)
		switch {
		case i == n-1:
			b.WriteString(".")
		case rng.IntN(12) == 0:
			b.WriteString(". ")
			start = true
		case rng.IntN(10) == 0:
			b.WriteString(", ")
		default:
			b.WriteString(" ")
		}
	}
	return b.String()
}

// BenchmarkSearchLatency loads MEKTEP_BENCH_SEARCH published documents (kk 40%, ru 40%,
// en 20%) over 1,000 schools and measures the latency of site, platform-wide and mistyped
// searches, one at a time (MEKTEP_BENCH_SEARCH_ONLY=platform runs one of them). Run it alone:
//
//	MEKTEP_BENCH_SEARCH=200000 go test ./sitecore/postgres -run '^$' -bench SearchLatency -benchtime 1x -timeout 60m
func BenchmarkSearchLatency(b *testing.B) {
	total, _ := strconv.Atoi(os.Getenv("MEKTEP_BENCH_SEARCH"))
	if total <= 0 {
		b.Skip("set MEKTEP_BENCH_SEARCH=200000 to run")
	}
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	const sites = 1000
	langs := []sitecore.Lang{"kk", "kk", "ru", "ru", "en"}
	vocab := map[sitecore.Lang]benchVocab{}
	zipf := map[sitecore.Lang]*rand.Zipf{}
	for _, l := range []sitecore.Lang{"kk", "ru", "en"} {
		vocab[l] = newBenchVocab(l, rng)
		zipf[l] = rand.NewZipf(rng, 1.0001, 3, uint64(len(vocab[l])-1))
	}
	// MEKTEP_BENCH_SEARCH_URL names a database to keep between runs (loaded once, migrated
	// here); by default a fresh one is made and dropped.
	var db *postgres.DB
	if url := os.Getenv("MEKTEP_BENCH_SEARCH_URL"); url != "" {
		var err error
		if db, err = postgres.Open(ctx, url); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(db.Close)
		if _, err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
	} else {
		db = testenv.Postgres(b)
	}
	var loaded int
	_ = db.Pool.QueryRow(ctx, `SELECT count(*) FROM search_docs`).Scan(&loaded)
	if loaded == 0 {
		loadSearchBench(b, db, total, sites, langs, vocab, zipf, rng)
	}
	// Queries: 1–3 real words (60% one word), drawn uniformly, so broad ("мектеп") and
	// narrow words mix; one word in five is among the 10 most frequent real words.
	reals := map[sitecore.Lang][]string{}
	for l, v := range vocab {
		for _, w := range v {
			if isReal(l, w) {
				reals[l] = append(reals[l], w)
			}
		}
	}
	query := func(l sitecore.Lang) string {
		n := 1 + rng.IntN(3)
		if rng.IntN(10) < 6 {
			n = 1
		}
		ws := make([]string, n)
		for i := range ws {
			if rng.IntN(5) == 0 {
				ws[i] = reals[l][rng.IntN(10)]
			} else {
				ws[i] = reals[l][rng.IntN(len(reals[l]))]
			}
		}
		return strings.Join(ws, " ")
	}
	typo := func(l sitecore.Lang) string {
		for {
			w := []rune(reals[l][rng.IntN(len(reals[l]))])
			if len(w) < 6 {
				continue
			}
			i := 2 + rng.IntN(len(w)-3)
			w[i] = []rune(vocab[l][rng.IntN(len(vocab[l]))])[0]
			if s := string(w); !slices.Contains(vocab[l], s) {
				return s
			}
		}
	}
	type scenario struct {
		name string
		n    int
		q    func() sitecore.SearchQuery
	}
	scenarios := []scenario{
		{"site", 2000, func() sitecore.SearchQuery {
			l := langs[rng.IntN(len(langs))]
			return sitecore.SearchQuery{SiteID: int64(1 + rng.IntN(sites)), Lang: l, Text: query(l)}
		}},
		{"platform", 1000, func() sitecore.SearchQuery {
			l := langs[rng.IntN(len(langs))]
			return sitecore.SearchQuery{Lang: l, Text: query(l)}
		}},
		{"site-typo", 500, func() sitecore.SearchQuery {
			l := langs[rng.IntN(len(langs))]
			return sitecore.SearchQuery{SiteID: int64(1 + rng.IntN(sites)), Lang: l, Text: typo(l)}
		}},
		{"platform-typo", 500, func() sitecore.SearchQuery {
			l := langs[rng.IntN(len(langs))]
			return sitecore.SearchQuery{Lang: l, Text: typo(l)}
		}},
	}
	b.ResetTimer()
	for range b.N {
		for _, sc := range scenarios {
			if only := os.Getenv("MEKTEP_BENCH_SEARCH_ONLY"); only != "" && only != sc.name {
				continue
			}
			if os.Getenv("MEKTEP_BENCH_SEARCH_QUICK") != "" {
				sc.n /= 10
			}
			lat := make([]time.Duration, 0, sc.n)
			found, fuzzy := 0, 0
			for range sc.n {
				q := sc.q()
				t0 := time.Now()
				res, err := db.Search(ctx, q)
				lat = append(lat, time.Since(t0))
				if err != nil {
					b.Fatalf("%+v: %v", q, err)
				}
				if res.Total > 0 {
					found++
				}
				if res.Fuzzy {
					fuzzy++
				}
			}
			slices.Sort(lat)
			p := func(q float64) time.Duration { return lat[int(q*float64(len(lat)-1))] }
			b.Logf("%-14s %5d queries: p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (found %d%%, fuzzy %d%%)",
				sc.name, sc.n, ms(p(.5)), ms(p(.95)), ms(p(.99)), ms(lat[len(lat)-1]), 100*found/sc.n, 100*fuzzy/sc.n)
			b.ReportMetric(ms(p(.95)), sc.name+"-p95-ms")
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// loadSearchBench creates the schools and loads total documents with COPY.
func loadSearchBench(b *testing.B, db *postgres.DB, total, sites int, langs []sitecore.Lang,
	vocab map[sitecore.Lang]benchVocab, zipf map[sitecore.Lang]*rand.Zipf, rng *rand.Rand) {
	ctx := context.Background()
	for _, q := range []string{`
		INSERT INTO sites (id, slug, names, languages, owner_email, status, step)
		SELECT i, 'bench-' || i, jsonb_build_object('kk', i || ' мектеп', 'ru', 'Школа №' || i, 'en', 'School ' || i),
		       '{kk,ru,en}', 'owner@bench.kz', 'active', 'activated'
		FROM generate_series(1, $1::int) AS i`,
		`INSERT INTO site_domains (host, site_id, position) SELECT 'bench-' || i || '.edu.kz', i, 0 FROM generate_series(1, $1::int) AS i`,
	} {
		if _, err := db.Pool.Exec(ctx, q, sites); err != nil {
			b.Fatal(err)
		}
	}

	start := time.Now()
	rows := make([][]any, 0, total)
	published := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range total {
		l := langs[(i/sites)%len(langs)]
		title := vocab[l].text(zipf[l], 3+rng.IntN(6), rng)
		body := vocab[l].text(zipf[l], 60+rng.IntN(240), rng)
		kind := sitecore.SearchNews
		if i%4 == 0 {
			kind = sitecore.SearchPage
		}
		key := "item-" + strconv.Itoa(i)
		rows = append(rows, []any{int64(1 + i%sites), kind, key, string(l), title, body,
			"/" + string(l) + "/news/" + key, published.Add(time.Duration(i) * time.Minute)})
	}
	// Indexes are built once after the load, as a restore would: much faster than row by row.
	var defs []string
	rs, err := db.Pool.Query(ctx, `SELECT indexname, indexdef FROM pg_indexes
		WHERE tablename IN ('search_docs', 'search_words') AND indexname NOT LIKE '%_pkey'`)
	if err != nil {
		b.Fatal(err)
	}
	for rs.Next() {
		var name, def string
		_ = rs.Scan(&name, &def)
		defs = append(defs, def)
		if _, err := db.Pool.Exec(ctx, `DROP INDEX `+name); err != nil {
			b.Fatal(err)
		}
	}
	rs.Close()
	if _, err := db.Pool.CopyFrom(ctx, pgx.Identifier{"search_docs"},
		[]string{"site_id", "kind", "key", "lang", "title", "body", "path", "published_at"}, pgx.CopyFromRows(rows)); err != nil {
		b.Fatal(err)
	}
	var words [][]any
	for l, v := range vocab {
		for _, w := range v {
			words = append(words, []any{string(l), w})
		}
	}
	if _, err := db.Pool.CopyFrom(ctx, pgx.Identifier{"search_words"}, []string{"lang", "word"}, pgx.CopyFromRows(words)); err != nil {
		b.Fatal(err)
	}
	for _, def := range defs {
		if _, err := db.Pool.Exec(ctx, def); err != nil {
			b.Fatal(err)
		}
	}
	for _, table := range []string{"search_docs", "search_words"} {
		if _, err := db.Pool.Exec(ctx, `VACUUM ANALYZE `+table); err != nil {
			b.Fatal(err)
		}
	}
	var size string
	_ = db.Pool.QueryRow(ctx, `SELECT pg_size_pretty(pg_total_relation_size('search_docs'))`).Scan(&size)
	b.Logf("loaded %d documents (%s with indexes) in %v", total, size, time.Since(start).Round(time.Second))

}
