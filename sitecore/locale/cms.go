package locale

// cmsMessages are the error messages of the content editor (pages, news, comments, menus,
// settings).
var cmsMessages = Catalog{
	"page.too_deep": {
		Kazakh:  "Беттер ағашы {max} деңгейден терең болмайды.",
		Russian: "Дерево страниц не может быть глубже {max} уровней.",
		English: "The page tree cannot be deeper than {max} levels.",
	},
	"page.home_fixed": {
		Kazakh:  "Басты бет пен жаңалықтар беті жойылмайды, жасырылмайды және жылжытылмайды.",
		Russian: "Главную страницу и страницу новостей нельзя удалить, снять с публикации или переместить.",
		English: "The home and news pages cannot be deleted, unpublished or moved.",
	},
	"page.cycle": {
		Kazakh:  "Бетті өзінің ішкі бетіне жылжытуға болмайды.",
		Russian: "Нельзя переместить страницу внутрь неё самой.",
		English: "A page cannot be moved under itself.",
	},
	"page.has_children": {
		Kazakh:  "Беттің ішкі беттері бар (мысалы, «{value}»): алдымен оларды жылжытыңыз немесе жойыңыз.",
		Russian: "У страницы есть вложенные страницы (например, «{value}»): сначала переместите или удалите их.",
		English: "The page has child pages (e.g. “{value}”): move or delete them first.",
	},
	"schedule.past": {
		Kazakh:  "Жариялау уақыты болашақта болуы керек (мысалы, 2026-12-01T09:00:00+05:00).",
		Russian: "Время публикации должно быть в будущем (например, 2026-12-01T09:00:00+05:00).",
		English: "The publish time must be in the future (e.g. 2026-12-01T09:00:00+05:00).",
	},
	"not_found.revision": {
		Kazakh:  "Мұндай нұсқа жоқ.",
		Russian: "Такой версии нет.",
		English: "There is no such revision.",
	},
	"not_found.news": {
		Kazakh:  "Жаңалық табылмады.",
		Russian: "Новость не найдена.",
		English: "News item not found.",
	},
	"not_found.comment": {
		Kazakh:  "Пікір табылмады.",
		Russian: "Комментарий не найден.",
		English: "Comment not found.",
	},
	"news.tag_invalid": {
		Kazakh:  "Тег 1–40 таңбадан тұрады, ең көбі 10 тег.",
		Russian: "Тег — от 1 до 40 символов, не больше 10 тегов.",
		English: "A tag is 1–40 characters, at most 10 tags.",
	},
	"slug.taken_news": {
		Kazakh:  "«{value}» қысқа атауы басқа жаңалықта қолданылған.",
		Russian: "Короткое имя «{value}» уже занято другой новостью.",
		English: "The slug “{value}” is used by another news item.",
	},
	"media.unknown": {
		Kazakh:  "Медиатекада мұндай файл жоқ.",
		Russian: "В медиатеке нет такого файла.",
		English: "There is no such file in the media library.",
	},
	"comment.closed": {
		Kazakh:  "Бұл жаңалыққа пікір қалдыруға болмайды.",
		Russian: "К этой новости нельзя оставлять комментарии.",
		English: "Comments are closed for this news item.",
	},
	"comment.edit_window": {
		Kazakh:  "Пікірді жазғаннан кейін {minutes} минут ішінде ғана өзгертуге болады.",
		Russian: "Комментарий можно изменить только в течение {minutes} минут после публикации.",
		English: "A comment can be edited only within {minutes} minutes of posting.",
	},
	"comment.rate_limited": {
		Kazakh:  "{minutes} минут ішінде {max} пікірден артық жазуға болмайды. Кейінірек қайталаңыз.",
		Russian: "Не больше {max} комментариев за {minutes} минут. Повторите позже.",
		English: "At most {max} comments in {minutes} minutes. Try again later.",
	},
	"comment.action": {
		Kazakh:  "Әрекет: approve, hide немесе delete.",
		Russian: "Действие: approve, hide или delete.",
		English: "The action is approve, hide or delete.",
	},
	"comment.verify": {
		Kazakh:  "Пікір қалдыру үшін электрондық поштаңызды растаңыз.",
		Russian: "Чтобы комментировать, подтвердите электронную почту.",
		English: "Confirm your email address to comment.",
	},
	"republish.own": {
		Kazakh:  "Өз сайтыңыздың жаңалығын қайта жариялауға болмайды.",
		Russian: "Нельзя перепубликовать новость своего же сайта.",
		English: "A site cannot republish its own news.",
	},
	"republish.copy": {
		Kazakh:  "Бұл жаңалық өзі басқа мектептен алынған; түпнұсқасын қайта жариялаңыз.",
		Russian: "Эта новость сама перепубликована; перепубликуйте оригинал.",
		English: "This news item is itself a republished copy; republish the original.",
	},
	"republish.exists": {
		Kazakh:  "Бұл жаңалық сайтта бұрыннан бар («{value}»).",
		Russian: "Эта новость уже перепубликована на сайте («{value}»).",
		English: "This news item is already republished on the site (“{value}”).",
	},
	"republish.readonly": {
		Kazakh:  "Қайта жарияланған жаңалық түпнұсқа бойынша жаңарады, оны мұнда өзгертуге болмайды.",
		Russian: "Перепубликованная новость обновляется из оригинала, её нельзя изменить здесь.",
		English: "A republished news item follows its source and cannot be edited here.",
	},
	"menu.item": {
		Kazakh:  "Мәзір элементі бетке, жаңалықтар бөліміне немесе http(s) сілтемеге апаруы және әр тілде атауы болуы керек.",
		Russian: "Пункт меню должен вести на страницу, раздел новостей или http(s)-ссылку и иметь название.",
		English: "A menu item must link to a page, the news or an http(s) URL, and have a label.",
	},
	"menu.too_big": {
		Kazakh:  "Мәзір тым үлкен: ең көбі {max} элемент және 3 деңгей.",
		Russian: "Меню слишком большое: не больше {max} пунктов и 3 уровней.",
		English: "The menu is too big: at most {max} items and 3 levels.",
	},
	"settings.color": {
		Kazakh:  "Түсті #rrggbb түрінде жазыңыз.",
		Russian: "Укажите цвет в виде #rrggbb.",
		English: "Write the colour as #rrggbb.",
	},
	"settings.integration": {
		Kazakh:  "«{value}» мәні бұл қызметке жарамайды.",
		Russian: "Значение «{value}» не подходит для этого сервиса.",
		English: "“{value}” is not valid for this service.",
	},
	"settings.coordinates": {
		Kazakh:  "Координаттар Қазақстан аумағында болуы керек (ендік 40–56, бойлық 46–88).",
		Russian: "Координаты должны быть в пределах Казахстана (широта 40–56, долгота 46–88).",
		English: "Coordinates must lie in Kazakhstan (latitude 40–56, longitude 46–88).",
	},
	"lang.core_required": {
		Kazakh:  "Сайт қазақ, орыс және ағылшын тілдерінде болуы керек («{value}» жоқ).",
		Russian: "Сайт должен быть на казахском, русском и английском («{value}» нет в списке).",
		English: "A site must keep Kazakh, Russian and English (“{value}” is missing).",
	},
	"theme.invalid": {
		Kazakh:  "Шаблон қате: {value}",
		Russian: "Ошибка в шаблоне: {value}",
		English: "The template has an error: {value}",
	},
}
