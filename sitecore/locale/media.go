package locale

// mediaMessages are the error messages of the media library, the disk quota and the
// galleries.
var mediaMessages = Catalog{
	"quota.exceeded": {
		Kazakh:  "Сайтта орын жеткіліксіз: «{field}» файлы сыймайды. {left_mb} МБ ({left} байт) қалды, шегі — {limit_mb} МБ. Қажетсіз файлдарды өшіріңіз немесе платформа операторына хабарласыңыз.",
		Russian: "Недостаточно места на сайте: файл «{field}» не помещается. Осталось {left_mb} МБ ({left} байт) из {limit_mb} МБ. Удалите ненужные файлы или обратитесь к оператору платформы.",
		English: "Not enough space on the site: the file “{field}” does not fit. {left_mb} MB ({left} bytes) left of {limit_mb} MB. Delete files you no longer need or contact the platform's operators.",
	},
	"quota.limit_invalid": {
		Kazakh:  "«{field}» өрісі оң бүтін сан (байтпен) болуы керек.",
		Russian: "Поле «{field}» должно быть положительным целым числом байт.",
		English: "The field “{field}” must be a positive whole number of bytes.",
	},
	"media.kind_unknown": {
		Kazakh:  "«{value}» деген медиа түрі жоқ (image, video, document).",
		Russian: "Неизвестный тип медиа «{value}» (image, video, document).",
		English: "Unknown media kind “{value}” (image, video, document).",
	},
	"media.file_type": {
		Kazakh:  "«{field}» файлының түрі қабылданбайды. Суреттер (JPEG, PNG, GIF, WebP), бейне (MP4, WebM), PDF және кеңсе құжаттары (Word, Excel, PowerPoint, OpenDocument) қабылданады.",
		Russian: "Тип файла «{field}» не поддерживается. Принимаются изображения (JPEG, PNG, GIF, WebP), видео (MP4, WebM), PDF и офисные документы (Word, Excel, PowerPoint, OpenDocument).",
		English: "The type of the file “{field}” is not accepted. Accepted are images (JPEG, PNG, GIF, WebP), video (MP4, WebM), PDF and office documents (Word, Excel, PowerPoint, OpenDocument).",
	},
	"media.not_image": {
		Kazakh:  "«{field}» файлы сурет болуы керек (JPEG, PNG, GIF немесе WebP).",
		Russian: "Файл «{field}» должен быть изображением (JPEG, PNG, GIF или WebP).",
		English: "The file “{field}” must be an image (JPEG, PNG, GIF or WebP).",
	},
	"media.not_video": {
		Kazakh:  "«{field}» файлы бейне болуы керек (MP4 немесе WebM).",
		Russian: "Файл «{field}» должен быть видео (MP4 или WebM).",
		English: "The file “{field}” must be a video (MP4 or WebM).",
	},
	"media.in_use": {
		Kazakh:  "Бұл файл қолданылып жүр (сайт логотипі немесе галерея). Алдымен оны сол жерден алып тастаңыз.",
		Russian: "Этот файл используется (логотип сайта или галерея). Сначала уберите его оттуда.",
		English: "This file is in use (the site's logo or a gallery). Remove it from there first.",
	},
	"not_found.media": {
		Kazakh:  "Файл табылмады.",
		Russian: "Файл не найден.",
		English: "File not found.",
	},
	"not_found.album": {
		Kazakh:  "Альбом табылмады.",
		Russian: "Альбом не найден.",
		English: "Album not found.",
	},
	"not_found.album_item": {
		Kazakh:  "Альбомда мұндай элемент жоқ.",
		Russian: "Такого элемента в альбоме нет.",
		English: "No such item in the album.",
	},
	"album.slug_invalid": {
		Kazakh:  "«{field}» өрісі 1–100 кіші латын әрпінен, цифрдан немесе сызықшадан тұруы керек және әріппен не цифрмен басталуы тиіс.",
		Russian: "Поле «{field}» должно состоять из 1–100 строчных латинских букв, цифр или дефисов и начинаться с буквы или цифры.",
		English: "The field “{field}” must be 1–100 lowercase Latin letters, digits or hyphens, starting with a letter or digit.",
	},
	"album.slug_taken": {
		Kazakh:  "«{value}» қысқа атауы бар альбом бұрыннан бар.",
		Russian: "Альбом с коротким именем «{value}» уже есть.",
		English: "An album with the slug “{value}” already exists.",
	},
	"album.video_url": {
		Kazakh:  "«{field}» өрісінде YouTube немесе Vimeo бейнесінің сілтемесі болуы керек.",
		Russian: "В поле «{field}» должна быть ссылка на видео YouTube или Vimeo.",
		English: "The field “{field}” must be a link to a YouTube or Vimeo video.",
	},
	"album.item_source": {
		Kazakh:  "Элемент үшін не медиатекадағы файлды (media_id), не бейне сілтемесін (video_url) көрсетіңіз — екеуін бірге емес.",
		Russian: "Укажите для элемента либо файл медиатеки (media_id), либо ссылку на видео (video_url) — но не оба сразу.",
		English: "Give the item either a media library file (media_id) or a video link (video_url), not both.",
	},
	"album.order": {
		Kazakh:  "«{field}» тізімінде альбомның барлық элементтері бір реттен болуы керек.",
		Russian: "Список «{field}» должен содержать все элементы альбома, каждый по одному разу.",
		English: "The list “{field}” must contain every item of the album exactly once.",
	},
	"album.too_many_items": {
		Kazakh:  "Альбомда ең көбі {max} элемент болады.",
		Russian: "В альбоме может быть не более {max} элементов.",
		English: "An album can hold at most {max} items.",
	},
}

// quotaWarningMail warns a site's owner that its storage is filling up.
var quotaWarningMail = map[Lang]Mail{
	Kazakh: {Subject: "«{site}» сайтының дискідегі орны {percent}% толды",
		Body: "«{site}» мектеп сайты дискідегі орынның {percent}%-ын пайдаланып отыр: {used} МБ / {limit} МБ, {left} МБ қалды.\n\nОрын таусылғанда жаңа файлдар мен құжаттар қабылданбайды. Медиатекадан қажетсіз файлдарды өшіріңіз немесе платформа операторына хабарласыңыз.\n{url}"},
	Russian: {Subject: "Место на диске сайта «{site}» заполнено на {percent}%",
		Body: "Сайт школы «{site}» использует {percent}% места на диске: {used} МБ из {limit} МБ, осталось {left} МБ.\n\nКогда место закончится, новые файлы и документы перестанут приниматься. Удалите ненужные файлы из медиатеки или обратитесь к оператору платформы.\n{url}"},
	English: {Subject: "The storage of {site} is {percent}% full",
		Body: "The school website {site} uses {percent}% of its storage: {used} MB of {limit} MB, {left} MB left.\n\nWhen it runs out, new files and documents will be refused. Delete files you no longer need from the media library, or contact the platform's operators.\n{url}"},
}

// galleryUI are the strings of the gallery pages.
var galleryUI = Strings{
	Kazakh: {"gallery": "Галерея", "no_albums": "Әзірге альбом жоқ.",
		"items": "материал", "all_albums": "Барлық альбомдар", "empty_album": "Альбом әзірге бос.", "video": "Бейне"},
	Russian: {"gallery": "Галерея", "no_albums": "Пока альбомов нет.",
		"items": "материалов", "all_albums": "Все альбомы", "empty_album": "Альбом пока пуст.", "video": "Видео"},
	English: {"gallery": "Gallery", "no_albums": "No albums yet.",
		"items": "items", "all_albums": "All albums", "empty_album": "This album is empty for now.", "video": "Video"},
}
