package locale

// themeUI are the strings of the public theme's frame: menu, news list, not-found page, footer.
var themeUI = Strings{
	Kazakh: {"news": "Жаңалықтар", "no_news": "Әзірге жаңалық жоқ.", "menu": "Мәзір", "language": "Тіл", "my_account": "Жеке кабинет",
		"not_found": "Бет табылмады", "not_found_detail": "Мұндай бет немесе сайт жоқ. Мекенжайды тексеріңіз.",
		"powered": "Mektep платформасында жасалған", "skip": "Негізгі мазмұнға өту", "search": "Іздеу"},
	Russian: {"news": "Новости", "no_news": "Пока новостей нет.", "menu": "Меню", "language": "Язык", "my_account": "Личный кабинет",
		"not_found": "Страница не найдена", "not_found_detail": "Такой страницы или сайта нет. Проверьте адрес.",
		"powered": "Работает на платформе Mektep", "skip": "Перейти к основному содержанию", "search": "Поиск"},
	English: {"news": "News", "no_news": "No news yet.", "menu": "Menu", "language": "Language", "my_account": "My account",
		"not_found": "Page not found", "not_found_detail": "There is no such page or site. Please check the address.",
		"powered": "Powered by Mektep", "skip": "Skip to main content", "search": "Search"},
}

// newsUI are the strings of news, comments and the notes of the public pages.
var newsUI = Strings{
	Kazakh: {"source": "Дереккөз", "comments": "Пікірлер", "no_comments": "Әзірге пікір жоқ.",
		"comment_login": "Пікір қалдыру үшін кіріңіз", "comment_post": "Пікір қалдыру", "comment_label": "Пікіріңіз",
		"comment_pending": "Пікір модератор тексергеннен кейін жарияланады.", "tags": "Тегтер", "fallback": "Бұл материал сіздің тіліңізде жоқ, ол басқа тілде көрсетілген.",
		"page": "Бет"},
	Russian: {"source": "Источник", "comments": "Комментарии", "no_comments": "Комментариев пока нет.",
		"comment_login": "Войдите, чтобы оставить комментарий", "comment_post": "Отправить", "comment_label": "Ваш комментарий",
		"comment_pending": "Комментарий появится после проверки модератором.", "tags": "Теги", "fallback": "Этого материала нет на вашем языке, он показан на другом языке.",
		"page": "Страница"},
	English: {"source": "Source", "comments": "Comments", "no_comments": "No comments yet.",
		"comment_login": "Log in to comment", "comment_post": "Post", "comment_label": "Your comment",
		"comment_pending": "The comment will appear after a moderator checks it.", "tags": "Tags", "fallback": "This content is not available in your language; it is shown in another language.",
		"page": "Page"},
}

// siteUI are the strings of the public site's integrations (map, weather).
var siteUI = Strings{
	Kazakh:  {"map": "Картада", "weather": "Ауа райы"},
	Russian: {"map": "На карте", "weather": "Погода"},
	English: {"map": "On the map", "weather": "Weather"},
}

// months are the month names in dates ("25 қараша", "25 ноября"), in the genitive where the
// language needs it.
var months = map[Lang][12]string{
	Kazakh:  {"қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"},
	Russian: {"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
	English: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// Months returns the month names of dates in l; ok is false for a language without them.
func Months(l Lang) (names [12]string, ok bool) {
	names, ok = months[l]
	return names, ok
}
