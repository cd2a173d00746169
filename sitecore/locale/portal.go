package locale

// portalUI are the interface strings of a portal's page of its schools' news.
var portalUI = Strings{
	Kazakh:  {"schools_news": "Мектептер жаңалықтары", "no_schools_news": "Әзірге жаңалық жоқ."},
	Russian: {"schools_news": "Новости школ", "no_schools_news": "Пока новостей нет."},
	English: {"schools_news": "Schools' news", "no_schools_news": "No news yet."},
}
