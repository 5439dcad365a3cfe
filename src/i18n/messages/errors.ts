import { defineMessages } from '../catalogue';

/**
 * The one sentence a member reads for each failure (an AppError's user sentence): what is wrong and
 * whether waiting helps, never internals. The operator's detail goes to the logs in English.
 */
export const errorText = defineMessages(
  'errors',
  {
    ollamaTimeout: 'The language model took too long to answer. Please try again later.',
    ollamaFirstToken: 'The language model took too long to start answering. Please try again later.',
    ollamaInputRejected: 'The question is too long for the language model. Please ask a shorter one.',
    ollamaUnauthorized: 'The language model server refused the bot. An admin needs to check its settings.',
    ollamaModelMissing:
      'The model `{model}` is not installed on the Ollama server. An admin needs to run `ollama pull {model}`.',
    ollamaBusy: 'The language model server is busy right now. Please try again shortly.',
    ollamaUnreachable: 'The language model server (Ollama) is unreachable right now. Please try again later.',
    ollamaCircuitOpen:
      'The language model server (Ollama) is not responding right now. Please try again in a minute.',
    ollamaFailed: 'The language model server returned an error. Please try again later.',
    chromaUnauthorized: 'The search index (Chroma) refused the bot. An admin needs to check its settings.',
    chromaUnreachable: 'The search index (Chroma) is unreachable right now. Please try again later.',
    chromaTimeout: 'The search index (Chroma) is not responding right now. Please try again later.',
    ollamaStalled: 'The language model stopped answering in the middle. Please try again later.',
    vectorDimensionMismatch:
      "The search index was built with another version of the embedding model, so it can't be searched until an admin rebuilds it.",
    chromaFailed: 'The search index (Chroma) returned an error. Please try again later.',
    chromaMisconfigured: 'The search index (Chroma) is misconfigured. Please tell the operator.',
    databaseUnavailable:
      "The bot's database is unavailable right now, so I can't answer. Please try again in a few minutes.",
    indexEmpty:
      "This server's messages have not been indexed yet, so I have nothing to search. An admin needs to run the indexer.",
    answerTimeout:
      'Answering took too long, so I stopped. Please try a narrower question or try again later.',
    discordUnconfirmed:
      'Discord did not confirm part of my answer, so it may be missing. Please ask again if it is incomplete.',
    internal: 'Something went wrong while answering. The operator can find the details in the logs.',
  },
  {
    'en-GB': {},
    de: {
      ollamaTimeout:
        'Das Sprachmodell hat zu lange für die Antwort gebraucht. Bitte versuch es später noch einmal.',
      ollamaFirstToken:
        'Das Sprachmodell hat zu lange gebraucht, um mit der Antwort anzufangen. Bitte versuch es später noch einmal.',
      ollamaInputRejected: 'Die Frage ist für das Sprachmodell zu lang. Bitte stell eine kürzere.',
      ollamaUnauthorized:
        'Der Server des Sprachmodells hat den Bot abgewiesen. Ein Admin muss seine Einstellungen prüfen.',
      ollamaModelMissing:
        'Das Modell `{model}` ist auf dem Ollama-Server nicht installiert. Ein Admin muss `ollama pull {model}` ausführen.',
      ollamaBusy: 'Der Server des Sprachmodells ist gerade ausgelastet. Bitte versuch es gleich noch einmal.',
      ollamaUnreachable:
        'Der Server des Sprachmodells (Ollama) ist gerade nicht erreichbar. Bitte versuch es später noch einmal.',
      ollamaCircuitOpen:
        'Der Server des Sprachmodells (Ollama) antwortet gerade nicht. Bitte versuch es in einer Minute noch einmal.',
      ollamaFailed:
        'Der Server des Sprachmodells hat einen Fehler gemeldet. Bitte versuch es später noch einmal.',
      chromaUnauthorized:
        'Der Suchindex (Chroma) hat den Bot abgewiesen. Ein Admin muss seine Einstellungen prüfen.',
      chromaUnreachable:
        'Der Suchindex (Chroma) ist gerade nicht erreichbar. Bitte versuch es später noch einmal.',
      chromaTimeout: 'Der Suchindex (Chroma) antwortet gerade nicht. Bitte versuch es später noch einmal.',
      ollamaStalled:
        'Das Sprachmodell hat mitten in der Antwort aufgehört. Bitte versuch es später noch einmal.',
      vectorDimensionMismatch:
        'Der Suchindex wurde mit einer anderen Version des Embedding-Modells erstellt und kann erst durchsucht werden, wenn ein Admin ihn neu aufbaut.',
      chromaFailed: 'Der Suchindex (Chroma) hat einen Fehler gemeldet. Bitte versuch es später noch einmal.',
      chromaMisconfigured:
        'Der Suchindex (Chroma) ist falsch eingerichtet. Bitte sag dem Betreiber Bescheid.',
      databaseUnavailable:
        'Die Datenbank des Bots ist gerade nicht verfügbar, deshalb kann ich nicht antworten. Bitte versuch es in ein paar Minuten noch einmal.',
      indexEmpty:
        'Die Nachrichten dieses Servers wurden noch nicht indexiert, ich habe also nichts zum Durchsuchen. Ein Admin muss den Indexer ausführen.',
      answerTimeout:
        'Die Antwort hat zu lange gedauert, deshalb habe ich abgebrochen. Bitte stell eine engere Frage oder versuch es später noch einmal.',
      discordUnconfirmed:
        'Discord hat einen Teil meiner Antwort nicht bestätigt, er fehlt also vielleicht. Bitte frag noch einmal, wenn sie unvollständig ist.',
      internal: 'Beim Antworten ist etwas schiefgelaufen. Der Betreiber findet die Details in den Logs.',
    },
    fr: {
      ollamaTimeout: 'Le modèle de langage a mis trop de temps à répondre. Réessaie plus tard.',
      ollamaFirstToken:
        'Le modèle de langage a mis trop de temps à commencer sa réponse. Réessaie plus tard.',
      ollamaInputRejected:
        'La question est trop longue pour le modèle de langage. Pose une question plus courte.',
      ollamaUnauthorized:
        'Le serveur du modèle de langage a refusé le bot. Un admin doit vérifier ses réglages.',
      ollamaModelMissing:
        'Le modèle `{model}` n’est pas installé sur le serveur Ollama. Un admin doit lancer `ollama pull {model}`.',
      ollamaBusy: 'Le serveur du modèle de langage est occupé pour le moment. Réessaie dans un instant.',
      ollamaUnreachable:
        'Le serveur du modèle de langage (Ollama) est injoignable pour le moment. Réessaie plus tard.',
      ollamaCircuitOpen:
        'Le serveur du modèle de langage (Ollama) ne répond pas pour le moment. Réessaie dans une minute.',
      ollamaFailed: 'Le serveur du modèle de langage a renvoyé une erreur. Réessaie plus tard.',
      chromaUnauthorized:
        'L’index de recherche (Chroma) a refusé le bot. Un admin doit vérifier ses réglages.',
      chromaUnreachable: 'L’index de recherche (Chroma) est injoignable pour le moment. Réessaie plus tard.',
      chromaTimeout: 'L’index de recherche (Chroma) ne répond pas pour le moment. Réessaie plus tard.',
      ollamaStalled: 'Le modèle de langage s’est arrêté en pleine réponse. Réessaie plus tard.',
      vectorDimensionMismatch:
        'L’index de recherche a été construit avec une autre version du modèle d’embedding : il ne peut pas être interrogé avant qu’un admin le reconstruise.',
      chromaFailed: 'L’index de recherche (Chroma) a renvoyé une erreur. Réessaie plus tard.',
      chromaMisconfigured: 'L’index de recherche (Chroma) est mal configuré. Préviens l’opérateur.',
      databaseUnavailable:
        'La base de données du bot est indisponible pour le moment, je ne peux donc pas répondre. Réessaie dans quelques minutes.',
      indexEmpty:
        'Les messages de ce serveur ne sont pas encore indexés, je n’ai donc rien à chercher. Un admin doit lancer l’indexeur.',
      answerTimeout:
        'La réponse prenait trop de temps, je me suis arrêté. Essaie une question plus précise ou réessaie plus tard.',
      discordUnconfirmed:
        'Discord n’a pas confirmé une partie de ma réponse, elle manque peut-être. Repose ta question si elle est incomplète.',
      internal: 'Un problème est survenu pendant la réponse. L’opérateur trouvera les détails dans les logs.',
    },
    'es-ES': {
      ollamaTimeout: 'El modelo de lenguaje tardó demasiado en responder. Inténtalo más tarde.',
      ollamaFirstToken: 'El modelo de lenguaje tardó demasiado en empezar a responder. Inténtalo más tarde.',
      ollamaInputRejected: 'La pregunta es demasiado larga para el modelo de lenguaje. Haz una más corta.',
      ollamaUnauthorized:
        'El servidor del modelo de lenguaje rechazó al bot. Un admin tiene que revisar su configuración.',
      ollamaModelMissing:
        'El modelo `{model}` no está instalado en el servidor de Ollama. Un admin tiene que ejecutar `ollama pull {model}`.',
      ollamaBusy:
        'El servidor del modelo de lenguaje está ocupado ahora mismo. Inténtalo de nuevo en un momento.',
      ollamaUnreachable:
        'El servidor del modelo de lenguaje (Ollama) no está accesible ahora mismo. Inténtalo más tarde.',
      ollamaCircuitOpen:
        'El servidor del modelo de lenguaje (Ollama) no responde ahora mismo. Inténtalo dentro de un minuto.',
      ollamaFailed: 'El servidor del modelo de lenguaje devolvió un error. Inténtalo más tarde.',
      chromaUnauthorized:
        'El índice de búsqueda (Chroma) rechazó al bot. Un admin tiene que revisar su configuración.',
      chromaUnreachable: 'El índice de búsqueda (Chroma) no está accesible ahora mismo. Inténtalo más tarde.',
      chromaTimeout: 'El índice de búsqueda (Chroma) no responde ahora mismo. Inténtalo más tarde.',
      ollamaStalled: 'El modelo de lenguaje dejó de responder a mitad de la respuesta. Inténtalo más tarde.',
      vectorDimensionMismatch:
        'El índice de búsqueda se creó con otra versión del modelo de embeddings y no se puede consultar hasta que un admin lo reconstruya.',
      chromaFailed: 'El índice de búsqueda (Chroma) devolvió un error. Inténtalo más tarde.',
      chromaMisconfigured: 'El índice de búsqueda (Chroma) está mal configurado. Avisa al operador.',
      databaseUnavailable:
        'La base de datos del bot no está disponible ahora mismo, así que no puedo responder. Inténtalo en unos minutos.',
      indexEmpty:
        'Los mensajes de este servidor aún no se han indexado, así que no tengo nada en lo que buscar. Un admin tiene que ejecutar el indexador.',
      answerTimeout:
        'La respuesta tardaba demasiado, así que la he detenido. Prueba una pregunta más concreta o inténtalo más tarde.',
      discordUnconfirmed:
        'Discord no confirmó parte de mi respuesta, así que puede faltar. Vuelve a preguntar si está incompleta.',
      internal: 'Algo salió mal al responder. El operador puede ver los detalles en los registros.',
    },
    'pt-BR': {
      ollamaTimeout: 'O modelo de linguagem demorou demais para responder. Tente de novo mais tarde.',
      ollamaFirstToken:
        'O modelo de linguagem demorou demais para começar a responder. Tente de novo mais tarde.',
      ollamaInputRejected: 'A pergunta é longa demais para o modelo de linguagem. Faça uma mais curta.',
      ollamaUnauthorized:
        'O servidor do modelo de linguagem recusou o bot. Um admin precisa verificar as configurações dele.',
      ollamaModelMissing:
        'O modelo `{model}` não está instalado no servidor Ollama. Um admin precisa executar `ollama pull {model}`.',
      ollamaBusy: 'O servidor do modelo de linguagem está ocupado agora. Tente de novo daqui a pouco.',
      ollamaUnreachable:
        'O servidor do modelo de linguagem (Ollama) está inacessível agora. Tente de novo mais tarde.',
      ollamaCircuitOpen:
        'O servidor do modelo de linguagem (Ollama) não está respondendo agora. Tente de novo em um minuto.',
      ollamaFailed: 'O servidor do modelo de linguagem retornou um erro. Tente de novo mais tarde.',
      chromaUnauthorized:
        'O índice de busca (Chroma) recusou o bot. Um admin precisa verificar as configurações dele.',
      chromaUnreachable: 'O índice de busca (Chroma) está inacessível agora. Tente de novo mais tarde.',
      chromaTimeout: 'O índice de busca (Chroma) não está respondendo agora. Tente de novo mais tarde.',
      ollamaStalled:
        'O modelo de linguagem parou de responder no meio da resposta. Tente de novo mais tarde.',
      vectorDimensionMismatch:
        'O índice de busca foi criado com outra versão do modelo de embeddings e não pode ser consultado até um admin reconstruí-lo.',
      chromaFailed: 'O índice de busca (Chroma) retornou um erro. Tente de novo mais tarde.',
      chromaMisconfigured: 'O índice de busca (Chroma) está mal configurado. Avise o operador.',
      databaseUnavailable:
        'O banco de dados do bot está indisponível agora, então não consigo responder. Tente de novo em alguns minutos.',
      indexEmpty:
        'As mensagens deste servidor ainda não foram indexadas, então não tenho onde pesquisar. Um admin precisa executar o indexador.',
      answerTimeout:
        'A resposta estava demorando demais, então parei. Tente uma pergunta mais específica ou tente de novo mais tarde.',
      discordUnconfirmed:
        'O Discord não confirmou parte da minha resposta, então ela pode estar faltando. Pergunte de novo se estiver incompleta.',
      internal: 'Algo deu errado ao responder. O operador encontra os detalhes nos logs.',
    },
    ru: {
      ollamaTimeout: 'Языковая модель слишком долго отвечала. Попробуйте позже.',
      ollamaFirstToken: 'Языковая модель слишком долго не начинала ответ. Попробуйте позже.',
      ollamaInputRejected: 'Вопрос слишком длинный для языковой модели. Задайте вопрос покороче.',
      ollamaUnauthorized:
        'Сервер языковой модели отказал боту. Администратору нужно проверить его настройки.',
      ollamaModelMissing:
        'Модель `{model}` не установлена на сервере Ollama. Администратору нужно выполнить `ollama pull {model}`.',
      ollamaBusy: 'Сервер языковой модели сейчас занят. Попробуйте чуть позже.',
      ollamaUnreachable: 'Сервер языковой модели (Ollama) сейчас недоступен. Попробуйте позже.',
      ollamaCircuitOpen: 'Сервер языковой модели (Ollama) сейчас не отвечает. Попробуйте через минуту.',
      ollamaFailed: 'Сервер языковой модели вернул ошибку. Попробуйте позже.',
      chromaUnauthorized:
        'Поисковый индекс (Chroma) отказал боту. Администратору нужно проверить его настройки.',
      chromaUnreachable: 'Поисковый индекс (Chroma) сейчас недоступен. Попробуйте позже.',
      chromaTimeout: 'Поисковый индекс (Chroma) сейчас не отвечает. Попробуйте позже.',
      ollamaStalled: 'Языковая модель перестала отвечать на середине ответа. Попробуйте позже.',
      vectorDimensionMismatch:
        'Поисковый индекс построен другой версией модели эмбеддингов, и искать в нём нельзя, пока администратор его не перестроит.',
      chromaFailed: 'Поисковый индекс (Chroma) вернул ошибку. Попробуйте позже.',
      chromaMisconfigured: 'Поисковый индекс (Chroma) настроен неверно. Сообщите оператору.',
      databaseUnavailable:
        'База данных бота сейчас недоступна, поэтому я не могу ответить. Попробуйте через несколько минут.',
      indexEmpty:
        'Сообщения этого сервера ещё не проиндексированы, поэтому мне не по чему искать. Администратору нужно запустить индексатор.',
      answerTimeout:
        'Ответ занимал слишком много времени, поэтому я остановился. Задайте более узкий вопрос или попробуйте позже.',
      discordUnconfirmed:
        'Discord не подтвердил часть моего ответа, поэтому она может отсутствовать. Спросите ещё раз, если ответ неполный.',
      internal: 'При ответе что-то пошло не так. Оператор найдёт подробности в логах.',
    },
    pl: {
      ollamaTimeout: 'Model językowy zbyt długo odpowiadał. Spróbuj później.',
      ollamaFirstToken: 'Model językowy zbyt długo nie zaczynał odpowiedzi. Spróbuj później.',
      ollamaInputRejected: 'Pytanie jest za długie dla modelu językowego. Zadaj krótsze.',
      ollamaUnauthorized:
        'Serwer modelu językowego odrzucił bota. Administrator musi sprawdzić jego ustawienia.',
      ollamaModelMissing:
        'Model `{model}` nie jest zainstalowany na serwerze Ollama. Administrator musi uruchomić `ollama pull {model}`.',
      ollamaBusy: 'Serwer modelu językowego jest teraz zajęty. Spróbuj za chwilę.',
      ollamaUnreachable: 'Serwer modelu językowego (Ollama) jest teraz nieosiągalny. Spróbuj później.',
      ollamaCircuitOpen: 'Serwer modelu językowego (Ollama) teraz nie odpowiada. Spróbuj za minutę.',
      ollamaFailed: 'Serwer modelu językowego zwrócił błąd. Spróbuj później.',
      chromaUnauthorized:
        'Indeks wyszukiwania (Chroma) odrzucił bota. Administrator musi sprawdzić jego ustawienia.',
      chromaUnreachable: 'Indeks wyszukiwania (Chroma) jest teraz nieosiągalny. Spróbuj później.',
      chromaTimeout: 'Indeks wyszukiwania (Chroma) teraz nie odpowiada. Spróbuj później.',
      ollamaStalled: 'Model językowy przestał odpowiadać w połowie odpowiedzi. Spróbuj później.',
      vectorDimensionMismatch:
        'Indeks wyszukiwania zbudowano inną wersją modelu embeddingów i nie da się go przeszukać, dopóki administrator go nie przebuduje.',
      chromaFailed: 'Indeks wyszukiwania (Chroma) zwrócił błąd. Spróbuj później.',
      chromaMisconfigured: 'Indeks wyszukiwania (Chroma) jest źle skonfigurowany. Daj znać operatorowi.',
      databaseUnavailable:
        'Baza danych bota jest teraz niedostępna, więc nie mogę odpowiedzieć. Spróbuj za kilka minut.',
      indexEmpty:
        'Wiadomości tego serwera nie zostały jeszcze zindeksowane, więc nie mam czego przeszukać. Administrator musi uruchomić indekser.',
      answerTimeout:
        'Odpowiedź trwała zbyt długo, więc ją przerwałem. Zadaj węższe pytanie albo spróbuj później.',
      discordUnconfirmed:
        'Discord nie potwierdził części mojej odpowiedzi, więc może jej brakować. Zapytaj ponownie, jeśli jest niepełna.',
      internal: 'Coś poszło nie tak podczas odpowiadania. Operator znajdzie szczegóły w logach.',
    },
    uk: {
      ollamaTimeout: 'Мовна модель надто довго відповідала. Спробуйте пізніше.',
      ollamaFirstToken: 'Мовна модель надто довго не починала відповідь. Спробуйте пізніше.',
      ollamaInputRejected: 'Питання задовге для мовної моделі. Поставте коротше.',
      ollamaUnauthorized:
        'Сервер мовної моделі відмовив боту. Адміністратору треба перевірити його налаштування.',
      ollamaModelMissing:
        'Модель `{model}` не встановлена на сервері Ollama. Адміністратору треба виконати `ollama pull {model}`.',
      ollamaBusy: 'Сервер мовної моделі зараз зайнятий. Спробуйте трохи згодом.',
      ollamaUnreachable: 'Сервер мовної моделі (Ollama) зараз недоступний. Спробуйте пізніше.',
      ollamaCircuitOpen: 'Сервер мовної моделі (Ollama) зараз не відповідає. Спробуйте за хвилину.',
      ollamaFailed: 'Сервер мовної моделі повернув помилку. Спробуйте пізніше.',
      chromaUnauthorized:
        'Пошуковий індекс (Chroma) відмовив боту. Адміністратору треба перевірити його налаштування.',
      chromaUnreachable: 'Пошуковий індекс (Chroma) зараз недоступний. Спробуйте пізніше.',
      chromaTimeout: 'Пошуковий індекс (Chroma) зараз не відповідає. Спробуйте пізніше.',
      ollamaStalled: 'Мовна модель припинила відповідати посеред відповіді. Спробуйте пізніше.',
      vectorDimensionMismatch:
        'Пошуковий індекс побудовано іншою версією моделі ембедингів, і шукати в ньому не можна, доки адміністратор його не перебудує.',
      chromaFailed: 'Пошуковий індекс (Chroma) повернув помилку. Спробуйте пізніше.',
      chromaMisconfigured: 'Пошуковий індекс (Chroma) налаштовано неправильно. Повідомте оператора.',
      databaseUnavailable:
        'База даних бота зараз недоступна, тому я не можу відповісти. Спробуйте за кілька хвилин.',
      indexEmpty:
        'Повідомлення цього сервера ще не проіндексовано, тож мені немає де шукати. Адміністратору треба запустити індексатор.',
      answerTimeout:
        'Відповідь тривала надто довго, тому я зупинився. Поставте вужче питання або спробуйте пізніше.',
      discordUnconfirmed:
        'Discord не підтвердив частину моєї відповіді, тож її може бракувати. Запитайте ще раз, якщо відповідь неповна.',
      internal: 'Під час відповіді щось пішло не так. Оператор знайде подробиці в логах.',
    },
    ja: {
      ollamaTimeout: '言語モデルの応答に時間がかかりすぎました。後でもう一度お試しください。',
      ollamaFirstToken: '言語モデルが回答を始めるまでに時間がかかりすぎました。後でもう一度お試しください。',
      ollamaInputRejected: '質問が言語モデルには長すぎます。もっと短くしてください。',
      ollamaUnauthorized:
        '言語モデルのサーバーがボットを拒否しました。管理者が設定を確認する必要があります。',
      ollamaModelMissing:
        'モデル `{model}` が Ollama サーバーにインストールされていません。管理者が `ollama pull {model}` を実行する必要があります。',
      ollamaBusy: '言語モデルのサーバーが混み合っています。少ししてからもう一度お試しください。',
      ollamaUnreachable: '言語モデルのサーバー（Ollama）に今は接続できません。後でもう一度お試しください。',
      ollamaCircuitOpen: '言語モデルのサーバー（Ollama）が今は応答しません。1 分後にもう一度お試しください。',
      ollamaFailed: '言語モデルのサーバーがエラーを返しました。後でもう一度お試しください。',
      chromaUnauthorized:
        '検索インデックス（Chroma）がボットを拒否しました。管理者が設定を確認する必要があります。',
      chromaUnreachable: '検索インデックス（Chroma）に今は接続できません。後でもう一度お試しください。',
      chromaTimeout: '検索インデックス（Chroma）が今は応答しません。後でもう一度お試しください。',
      ollamaStalled: '言語モデルが回答の途中で止まりました。後でもう一度お試しください。',
      vectorDimensionMismatch:
        '検索インデックスは別のバージョンの埋め込みモデルで作られているため、管理者が作り直すまで検索できません。',
      chromaFailed: '検索インデックス（Chroma）がエラーを返しました。後でもう一度お試しください。',
      chromaMisconfigured: '検索インデックス（Chroma）の設定が正しくありません。運営者に知らせてください。',
      databaseUnavailable:
        'ボットのデータベースが今は使えないため、回答できません。数分後にもう一度お試しください。',
      indexEmpty:
        'このサーバーのメッセージはまだインデックスされていないため、検索できるものがありません。管理者がインデクサーを実行する必要があります。',
      answerTimeout: '回答に時間がかかりすぎたため中止しました。質問を絞るか、後でもう一度お試しください。',
      discordUnconfirmed:
        'Discord が回答の一部を確認できなかったため、欠けているかもしれません。不完全な場合はもう一度質問してください。',
      internal: '回答中に問題が発生しました。詳細は運営者がログで確認できます。',
    },
    ko: {
      ollamaTimeout: '언어 모델이 답하는 데 너무 오래 걸렸습니다. 나중에 다시 시도해 주세요.',
      ollamaFirstToken: '언어 모델이 답변을 시작하는 데 너무 오래 걸렸습니다. 나중에 다시 시도해 주세요.',
      ollamaInputRejected: '질문이 언어 모델에게 너무 깁니다. 더 짧게 질문해 주세요.',
      ollamaUnauthorized: '언어 모델 서버가 봇을 거부했습니다. 관리자가 설정을 확인해야 합니다.',
      ollamaModelMissing:
        '모델 `{model}`이 Ollama 서버에 설치되어 있지 않습니다. 관리자가 `ollama pull {model}`을 실행해야 합니다.',
      ollamaBusy: '언어 모델 서버가 지금 바쁩니다. 잠시 후 다시 시도해 주세요.',
      ollamaUnreachable: '언어 모델 서버(Ollama)에 지금 접근할 수 없습니다. 나중에 다시 시도해 주세요.',
      ollamaCircuitOpen: '언어 모델 서버(Ollama)가 지금 응답하지 않습니다. 1분 뒤에 다시 시도해 주세요.',
      ollamaFailed: '언어 모델 서버가 오류를 반환했습니다. 나중에 다시 시도해 주세요.',
      chromaUnauthorized: '검색 색인(Chroma)이 봇을 거부했습니다. 관리자가 설정을 확인해야 합니다.',
      chromaUnreachable: '검색 색인(Chroma)에 지금 접근할 수 없습니다. 나중에 다시 시도해 주세요.',
      chromaTimeout: '검색 색인(Chroma)이 지금 응답하지 않습니다. 나중에 다시 시도해 주세요.',
      ollamaStalled: '언어 모델이 답변 도중에 멈췄습니다. 나중에 다시 시도해 주세요.',
      vectorDimensionMismatch:
        '검색 색인이 다른 버전의 임베딩 모델로 만들어져서 관리자가 다시 만들 때까지 검색할 수 없습니다.',
      chromaFailed: '검색 색인(Chroma)이 오류를 반환했습니다. 나중에 다시 시도해 주세요.',
      chromaMisconfigured: '검색 색인(Chroma) 설정이 잘못되었습니다. 운영자에게 알려 주세요.',
      databaseUnavailable:
        '봇의 데이터베이스를 지금 사용할 수 없어 답할 수 없습니다. 몇 분 뒤에 다시 시도해 주세요.',
      indexEmpty:
        '이 서버의 메시지가 아직 색인되지 않아 검색할 것이 없습니다. 관리자가 인덱서를 실행해야 합니다.',
      answerTimeout: '답변이 너무 오래 걸려 중단했습니다. 질문을 좁히거나 나중에 다시 시도해 주세요.',
      discordUnconfirmed:
        'Discord가 답변의 일부를 확인하지 않아 빠졌을 수 있습니다. 불완전하면 다시 질문해 주세요.',
      internal: '답변하는 중에 문제가 생겼습니다. 운영자가 로그에서 자세한 내용을 볼 수 있습니다.',
    },
    'zh-CN': {
      ollamaTimeout: '语言模型回答耗时过长。请稍后再试。',
      ollamaFirstToken: '语言模型迟迟没有开始回答。请稍后再试。',
      ollamaInputRejected: '问题对语言模型来说太长了。请问一个更短的问题。',
      ollamaUnauthorized: '语言模型服务器拒绝了机器人。需要管理员检查其设置。',
      ollamaModelMissing: '模型 `{model}` 没有安装在 Ollama 服务器上。需要管理员运行 `ollama pull {model}`。',
      ollamaBusy: '语言模型服务器现在很忙。请稍后再试。',
      ollamaUnreachable: '语言模型服务器（Ollama）暂时无法访问。请稍后再试。',
      ollamaCircuitOpen: '语言模型服务器（Ollama）暂时没有响应。请一分钟后再试。',
      ollamaFailed: '语言模型服务器返回了错误。请稍后再试。',
      chromaUnauthorized: '搜索索引（Chroma）拒绝了机器人。需要管理员检查其设置。',
      chromaUnreachable: '搜索索引（Chroma）暂时无法访问。请稍后再试。',
      chromaTimeout: '搜索索引（Chroma）暂时没有响应。请稍后再试。',
      ollamaStalled: '语言模型在回答中途停止了。请稍后再试。',
      vectorDimensionMismatch: '搜索索引是用另一个版本的嵌入模型建立的，在管理员重建之前无法搜索。',
      chromaFailed: '搜索索引（Chroma）返回了错误。请稍后再试。',
      chromaMisconfigured: '搜索索引（Chroma）配置有误。请告知运营者。',
      databaseUnavailable: '机器人的数据库暂时不可用，所以我无法回答。请几分钟后再试。',
      indexEmpty: '本服务器的消息还没有被索引，所以我没有可搜索的内容。需要管理员运行索引器。',
      answerTimeout: '回答耗时过长，我已停止。请缩小问题范围或稍后再试。',
      discordUnconfirmed: 'Discord 没有确认我回答的一部分，所以可能有缺失。如果回答不完整，请重新提问。',
      internal: '回答时出了点问题。运营者可以在日志中查看详情。',
    },
  },
);
