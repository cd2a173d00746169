package locale

// searchMessages are the error messages of site search and visit statistics.
var searchMessages = Catalog{
	"search.page": {
		Kazakh:  "Бет нөмірі 1-ден {max}-ге дейін болуы керек.",
		Russian: "Номер страницы должен быть от 1 до {max}.",
		English: "The page number must be from 1 to {max}.",
	},
	"stats.date": {
		Kazakh:  "«{field}» күнін ЖЖЖЖ-АА-КК түрінде жазыңыз.",
		Russian: "Укажите дату «{field}» в виде ГГГГ-ММ-ДД.",
		English: "Write the date “{field}” as YYYY-MM-DD.",
	},
	"stats.order": {
		Kazakh:  "Басталу күні (from) аяқталу күнінен (to) кеш болмауы керек.",
		Russian: "Дата начала (from) не может быть позже даты окончания (to).",
		English: "The start date (from) cannot be after the end date (to).",
	},
	"stats.span": {
		Kazakh:  "Кезең {max} күннен аспауы керек.",
		Russian: "Период не может быть длиннее {max} дней.",
		English: "The period cannot be longer than {max} days.",
	},
	"stats.group": {
		Kazakh:  "«{value}» топтауы жоқ (day, page, lang).",
		Russian: "Группировки «{value}» нет (day, page, lang).",
		English: "There is no grouping “{value}” (day, page, lang).",
	},
}

// searchUI are the strings of the search page.
var searchUI = Strings{
	Kazakh: {"search_title": "Сайттан іздеу", "search_found": "Табылды:",
		"search_nothing": "Ештеңе табылмады. Басқа сөздермен іздеп көріңіз.", "search_fuzzy": "Дәл сәйкестік жоқ, ұқсас нәтижелер көрсетілген.",
		"search_prompt": "Іздеу үшін сөз немесе сөз тіркесін жазыңыз."},
	Russian: {"search_title": "Поиск по сайту", "search_found": "Найдено:",
		"search_nothing": "Ничего не найдено. Попробуйте другие слова.", "search_fuzzy": "Точных совпадений нет, показаны похожие результаты.",
		"search_prompt": "Введите слово или фразу для поиска."},
	English: {"search_title": "Search this site", "search_found": "Results:",
		"search_nothing": "Nothing found. Try other words.", "search_fuzzy": "No exact matches; showing similar results.",
		"search_prompt": "Type a word or a phrase to search for."},
}
