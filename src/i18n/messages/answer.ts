import { defineMessages } from '../catalogue';

/** The fixed words of an answer (written by the answer worker): notes, degraded modes, sources. */
export const answerText = defineMessages(
  'answer',
  {
    thinking: 'Thinking …',
    privateNotice:
      'I sent my answer to you privately, because it draws on channels that not everyone here can read.',
    nothingFound: "I couldn't find anything about that in the messages of this server that you can read.",
    tooLate:
      "Sorry, I couldn't get to your question before Discord's 15-minute limit for replies (I was busy or restarting). Please ask again.",
    missingConversation: '*I no longer have the earlier answer, so I answered this question on its own.*',
    partlyHiddenConversation:
      '*Part of the earlier conversation used messages you cannot read (or that were deleted), so I left it out.*',
    interrupted:
      'I was restarted while sending this answer, so it may be incomplete. Please ask again if something is missing.',
    restarting: "I'm restarting. Your question stays in line and will be answered as soon as I'm back.",
    vectorUnavailable:
      '*The search index (Chroma) is unavailable right now, so I searched with keywords only.*',
    embeddingUnavailable:
      "*I couldn't run the meaning-based search (the embedding model is unavailable), so I searched with keywords only.*",
    sourcesOnly:
      "The language model can't answer right now ({reason}), so here are the most relevant messages I found:",
    modelUnreachable: 'the model server, Ollama, is not responding',
    modelMissing: 'the chat model `{model}` is not installed on Ollama',
    modelBusy: 'the model server is overloaded',
    modelTimeout: 'the model took too long to answer',
    modelFailed: 'the model server returned an error',
    inputRejected: 'the question is too long for the model',
    modelUnauthorized: 'the model server refused the bot (a setting to fix)',
    cutOff: '*(The answer was cut off here: it reached its length limit.)*',
    reasoningSpentBudget: 'the model used its whole length budget reasoning and wrote no answer',
    modelWroteNothing: 'the model returned an empty answer',
    vectorDimensionMismatch:
      '*The search index was built with another version of the embedding model, so I searched with keywords only until an admin rebuilds it.*',
    sources: 'Sources',
  },
  {
    'en-GB': {},
    de: {
      thinking: 'Denke nach …',
      privateNotice:
        'Ich habe dir meine Antwort privat geschickt, weil sie auf Kanälen beruht, die nicht alle hier lesen können.',
      nothingFound: 'Dazu habe ich in den Nachrichten dieses Servers, die du lesen kannst, nichts gefunden.',
      tooLate:
        'Tut mir leid, ich bin nicht vor Discords 15-Minuten-Grenze für Antworten zu deiner Frage gekommen (ich war ausgelastet oder wurde neu gestartet). Bitte frag noch einmal.',
      missingConversation:
        '*Die frühere Antwort habe ich nicht mehr, deshalb habe ich diese Frage für sich allein beantwortet.*',
      partlyHiddenConversation:
        '*Ein Teil des bisherigen Gesprächs beruhte auf Nachrichten, die du nicht lesen kannst (oder die gelöscht wurden), deshalb habe ich ihn weggelassen.*',
      interrupted:
        'Ich wurde neu gestartet, während ich diese Antwort gesendet habe; sie ist vielleicht unvollständig. Bitte frag noch einmal, wenn etwas fehlt.',
      restarting:
        'Ich starte neu. Deine Frage bleibt in der Warteschlange und wird beantwortet, sobald ich wieder da bin.',
      vectorUnavailable:
        '*Der Suchindex (Chroma) ist gerade nicht verfügbar, deshalb habe ich nur nach Stichwörtern gesucht.*',
      embeddingUnavailable:
        '*Die Suche nach Bedeutung war nicht möglich (das Embedding-Modell ist nicht verfügbar), deshalb habe ich nur nach Stichwörtern gesucht.*',
      sourcesOnly:
        'Das Sprachmodell kann gerade nicht antworten ({reason}), deshalb hier die passendsten Nachrichten, die ich gefunden habe:',
      modelUnreachable: 'der Modellserver Ollama antwortet nicht',
      modelMissing: 'das Chat-Modell `{model}` ist auf Ollama nicht installiert',
      modelBusy: 'der Modellserver ist überlastet',
      modelTimeout: 'das Modell hat zu lange gebraucht',
      modelFailed: 'der Modellserver hat einen Fehler gemeldet',
      inputRejected: 'die Frage ist für das Modell zu lang',
      modelUnauthorized: 'der Modellserver hat den Bot abgewiesen (eine Einstellung muss korrigiert werden)',
      cutOff: '*(Die Antwort wurde hier abgeschnitten: Sie hat ihre Längengrenze erreicht.)*',
      reasoningSpentBudget:
        'das Modell hat sein ganzes Längenbudget zum Nachdenken verbraucht und keine Antwort geschrieben',
      modelWroteNothing: 'das Modell hat eine leere Antwort geliefert',
      vectorDimensionMismatch:
        '*Der Suchindex wurde mit einer anderen Version des Embedding-Modells erstellt, deshalb habe ich nur nach Stichwörtern gesucht, bis ein Admin ihn neu aufbaut.*',
      sources: 'Quellen',
    },
    fr: {
      thinking: 'Réflexion …',
      privateNotice:
        'Je t’ai envoyé ma réponse en privé, car elle s’appuie sur des salons que tout le monde ici ne peut pas lire.',
      nothingFound: 'Je n’ai rien trouvé à ce sujet dans les messages de ce serveur que tu peux lire.',
      tooLate:
        'Désolé, je n’ai pas pu traiter ta question avant la limite de 15 minutes de Discord pour les réponses (j’étais occupé ou en redémarrage). Pose-la de nouveau.',
      missingConversation: '*Je n’ai plus la réponse précédente, j’ai donc répondu à cette question seule.*',
      partlyHiddenConversation:
        '*Une partie de la conversation précédente utilisait des messages que tu ne peux pas lire (ou supprimés), je l’ai donc laissée de côté.*',
      interrupted:
        'J’ai redémarré pendant l’envoi de cette réponse, elle est peut-être incomplète. Repose ta question s’il manque quelque chose.',
      restarting: 'Je redémarre. Ta question reste dans la file et recevra une réponse dès mon retour.',
      vectorUnavailable:
        '*L’index de recherche (Chroma) est indisponible pour le moment, j’ai donc cherché par mots-clés seulement.*',
      embeddingUnavailable:
        '*Je n’ai pas pu faire la recherche par le sens (le modèle d’embedding est indisponible), j’ai donc cherché par mots-clés seulement.*',
      sourcesOnly:
        'Le modèle de langage ne peut pas répondre pour le moment ({reason}), voici donc les messages les plus pertinents que j’ai trouvés :',
      modelUnreachable: 'le serveur de modèles, Ollama, ne répond pas',
      modelMissing: 'le modèle de chat `{model}` n’est pas installé sur Ollama',
      modelBusy: 'le serveur de modèles est surchargé',
      modelTimeout: 'le modèle a mis trop de temps à répondre',
      modelFailed: 'le serveur de modèles a renvoyé une erreur',
      inputRejected: 'la question est trop longue pour le modèle',
      modelUnauthorized: 'le serveur de modèles a refusé le bot (un réglage à corriger)',
      cutOff: '*(La réponse a été coupée ici : elle a atteint sa limite de longueur.)*',
      reasoningSpentBudget:
        'le modèle a utilisé toute sa limite de longueur à réfléchir et n’a écrit aucune réponse',
      modelWroteNothing: 'le modèle a renvoyé une réponse vide',
      vectorDimensionMismatch:
        '*L’index de recherche a été construit avec une autre version du modèle d’embedding, j’ai donc cherché uniquement par mots-clés en attendant qu’un admin le reconstruise.*',
      sources: 'Sources',
    },
    'es-ES': {
      thinking: 'Pensando …',
      privateNotice:
        'Te he enviado la respuesta en privado, porque se basa en canales que no todos aquí pueden leer.',
      nothingFound: 'No he encontrado nada sobre eso en los mensajes de este servidor que puedes leer.',
      tooLate:
        'Lo siento, no llegué a tu pregunta antes del límite de 15 minutos de Discord para responder (estaba ocupado o reiniciándome). Vuelve a preguntar.',
      missingConversation:
        '*Ya no tengo la respuesta anterior, así que he respondido a esta pregunta por sí sola.*',
      partlyHiddenConversation:
        '*Parte de la conversación anterior usaba mensajes que no puedes leer (o que se borraron), así que la he omitido.*',
      interrupted:
        'Me reinicié mientras enviaba esta respuesta, así que puede estar incompleta. Vuelve a preguntar si falta algo.',
      restarting: 'Me estoy reiniciando. Tu pregunta sigue en la cola y se responderá en cuanto vuelva.',
      vectorUnavailable:
        '*El índice de búsqueda (Chroma) no está disponible ahora, así que solo he buscado por palabras clave.*',
      embeddingUnavailable:
        '*No he podido hacer la búsqueda por significado (el modelo de embeddings no está disponible), así que solo he buscado por palabras clave.*',
      sourcesOnly:
        'El modelo de lenguaje no puede responder ahora ({reason}), así que aquí están los mensajes más relevantes que he encontrado:',
      modelUnreachable: 'el servidor de modelos, Ollama, no responde',
      modelMissing: 'el modelo de chat `{model}` no está instalado en Ollama',
      modelBusy: 'el servidor de modelos está sobrecargado',
      modelTimeout: 'el modelo tardó demasiado en responder',
      modelFailed: 'el servidor de modelos devolvió un error',
      inputRejected: 'la pregunta es demasiado larga para el modelo',
      modelUnauthorized: 'el servidor de modelos rechazó al bot (hay que corregir un ajuste)',
      cutOff: '*(La respuesta se cortó aquí: alcanzó su límite de longitud.)*',
      reasoningSpentBudget:
        'el modelo gastó todo su límite de longitud razonando y no escribió ninguna respuesta',
      modelWroteNothing: 'el modelo devolvió una respuesta vacía',
      vectorDimensionMismatch:
        '*El índice de búsqueda se creó con otra versión del modelo de embeddings, así que he buscado solo por palabras clave hasta que un admin lo reconstruya.*',
      sources: 'Fuentes',
    },
    'pt-BR': {
      thinking: 'Pensando …',
      privateNotice:
        'Enviei minha resposta para você em particular, porque ela usa canais que nem todos aqui podem ler.',
      nothingFound: 'Não encontrei nada sobre isso nas mensagens deste servidor que você pode ler.',
      tooLate:
        'Desculpe, não consegui chegar à sua pergunta antes do limite de 15 minutos do Discord para respostas (eu estava ocupado ou reiniciando). Pergunte de novo.',
      missingConversation: '*Não tenho mais a resposta anterior, então respondi esta pergunta sozinha.*',
      partlyHiddenConversation:
        '*Parte da conversa anterior usava mensagens que você não pode ler (ou que foram apagadas), então deixei essa parte de fora.*',
      interrupted:
        'Fui reiniciado enquanto enviava esta resposta, então ela pode estar incompleta. Pergunte de novo se faltar algo.',
      restarting: 'Estou reiniciando. Sua pergunta continua na fila e será respondida assim que eu voltar.',
      vectorUnavailable:
        '*O índice de busca (Chroma) está indisponível agora, então pesquisei só por palavras-chave.*',
      embeddingUnavailable:
        '*Não consegui fazer a busca por significado (o modelo de embeddings está indisponível), então pesquisei só por palavras-chave.*',
      sourcesOnly:
        'O modelo de linguagem não pode responder agora ({reason}), então aqui estão as mensagens mais relevantes que encontrei:',
      modelUnreachable: 'o servidor de modelos, Ollama, não está respondendo',
      modelMissing: 'o modelo de chat `{model}` não está instalado no Ollama',
      modelBusy: 'o servidor de modelos está sobrecarregado',
      modelTimeout: 'o modelo demorou demais para responder',
      modelFailed: 'o servidor de modelos retornou um erro',
      inputRejected: 'a pergunta é longa demais para o modelo',
      modelUnauthorized: 'o servidor de modelos recusou o bot (uma configuração a corrigir)',
      cutOff: '*(A resposta foi cortada aqui: ela atingiu o limite de tamanho.)*',
      reasoningSpentBudget:
        'o modelo usou todo o limite de tamanho raciocinando e não escreveu nenhuma resposta',
      modelWroteNothing: 'o modelo retornou uma resposta vazia',
      vectorDimensionMismatch:
        '*O índice de busca foi criado com outra versão do modelo de embeddings, então busquei só por palavras-chave até um admin reconstruí-lo.*',
      sources: 'Fontes',
    },
    ru: {
      thinking: 'Думаю …',
      privateNotice:
        'Я отправил ответ вам лично, потому что он опирается на каналы, которые здесь могут читать не все.',
      nothingFound: 'В доступных вам сообщениях этого сервера я ничего об этом не нашёл.',
      tooLate:
        'Извините, я не успел взяться за ваш вопрос до 15-минутного лимита Discord на ответы (я был занят или перезапускался). Спросите ещё раз.',
      missingConversation:
        '*Предыдущего ответа у меня больше нет, поэтому я ответил на этот вопрос отдельно.*',
      partlyHiddenConversation:
        '*Часть предыдущего разговора опиралась на сообщения, которые вы не можете читать (или которые удалены), поэтому я её опустил.*',
      interrupted:
        'Я перезапустился во время отправки этого ответа, поэтому он может быть неполным. Спросите ещё раз, если чего-то не хватает.',
      restarting: 'Я перезапускаюсь. Ваш вопрос остаётся в очереди, и я отвечу, как только вернусь.',
      vectorUnavailable:
        '*Поисковый индекс (Chroma) сейчас недоступен, поэтому я искал только по ключевым словам.*',
      embeddingUnavailable:
        '*Поиск по смыслу не удался (модель эмбеддингов недоступна), поэтому я искал только по ключевым словам.*',
      sourcesOnly:
        'Языковая модель сейчас не может ответить ({reason}), поэтому вот самые подходящие сообщения, которые я нашёл:',
      modelUnreachable: 'сервер моделей Ollama не отвечает',
      modelMissing: 'чат-модель `{model}` не установлена в Ollama',
      modelBusy: 'сервер моделей перегружен',
      modelTimeout: 'модель слишком долго отвечала',
      modelFailed: 'сервер моделей вернул ошибку',
      inputRejected: 'вопрос слишком длинный для модели',
      modelUnauthorized: 'сервер моделей отказал боту (нужно исправить настройку)',
      cutOff: '*(Ответ здесь обрезан: он достиг предела длины.)*',
      reasoningSpentBudget: 'модель потратила весь лимит длины на рассуждения и не написала ответ',
      modelWroteNothing: 'модель вернула пустой ответ',
      vectorDimensionMismatch:
        '*Поисковый индекс построен другой версией модели эмбеддингов, поэтому я искал только по ключевым словам, пока администратор его не перестроит.*',
      sources: 'Источники',
    },
    pl: {
      thinking: 'Myślę …',
      privateNotice:
        'Wysłałem ci odpowiedź prywatnie, bo opiera się na kanałach, których nie wszyscy tutaj mogą czytać.',
      nothingFound: 'Nie znalazłem nic na ten temat w wiadomościach tego serwera, które możesz czytać.',
      tooLate:
        'Przepraszam, nie zdążyłem zająć się twoim pytaniem przed 15-minutowym limitem Discorda na odpowiedź (byłem zajęty albo się restartowałem). Zapytaj jeszcze raz.',
      missingConversation:
        '*Nie mam już wcześniejszej odpowiedzi, więc odpowiedziałem na to pytanie osobno.*',
      partlyHiddenConversation:
        '*Część wcześniejszej rozmowy opierała się na wiadomościach, których nie możesz czytać (albo usuniętych), więc ją pominąłem.*',
      interrupted:
        'Zrestartowałem się podczas wysyłania tej odpowiedzi, więc może być niepełna. Zapytaj ponownie, jeśli czegoś brakuje.',
      restarting: 'Restartuję się. Twoje pytanie zostaje w kolejce i odpowiem na nie, gdy tylko wrócę.',
      vectorUnavailable:
        '*Indeks wyszukiwania (Chroma) jest teraz niedostępny, więc szukałem tylko po słowach kluczowych.*',
      embeddingUnavailable:
        '*Nie udało się wyszukać po znaczeniu (model embeddingów jest niedostępny), więc szukałem tylko po słowach kluczowych.*',
      sourcesOnly:
        'Model językowy nie może teraz odpowiedzieć ({reason}), więc oto najtrafniejsze wiadomości, jakie znalazłem:',
      modelUnreachable: 'serwer modeli Ollama nie odpowiada',
      modelMissing: 'model czatu `{model}` nie jest zainstalowany w Ollamie',
      modelBusy: 'serwer modeli jest przeciążony',
      modelTimeout: 'model zbyt długo odpowiadał',
      modelFailed: 'serwer modeli zwrócił błąd',
      inputRejected: 'pytanie jest za długie dla modelu',
      modelUnauthorized: 'serwer modeli odrzucił bota (trzeba poprawić ustawienie)',
      cutOff: '*(Odpowiedź została tu ucięta: osiągnęła limit długości.)*',
      reasoningSpentBudget: 'model zużył cały limit długości na rozumowanie i nie napisał odpowiedzi',
      modelWroteNothing: 'model zwrócił pustą odpowiedź',
      vectorDimensionMismatch:
        '*Indeks wyszukiwania zbudowano inną wersją modelu embeddingów, więc szukałem tylko po słowach kluczowych, dopóki administrator go nie przebuduje.*',
      sources: 'Źródła',
    },
    uk: {
      thinking: 'Думаю …',
      privateNotice:
        'Я надіслав відповідь вам особисто, бо вона спирається на канали, які тут можуть читати не всі.',
      nothingFound: 'У доступних вам повідомленнях цього сервера я нічого про це не знайшов.',
      tooLate:
        'Вибачте, я не встиг узятися за ваше питання до 15-хвилинного ліміту Discord на відповіді (я був зайнятий або перезапускався). Запитайте ще раз.',
      missingConversation: '*Попередньої відповіді в мене вже немає, тому я відповів на це питання окремо.*',
      partlyHiddenConversation:
        '*Частина попередньої розмови спиралася на повідомлення, які ви не можете читати (або які видалено), тому я її пропустив.*',
      interrupted:
        'Я перезапустився під час надсилання цієї відповіді, тож вона може бути неповною. Запитайте ще раз, якщо чогось бракує.',
      restarting: 'Я перезапускаюся. Ваше питання лишається в черзі, і я відповім, щойно повернуся.',
      vectorUnavailable:
        '*Пошуковий індекс (Chroma) зараз недоступний, тому я шукав лише за ключовими словами.*',
      embeddingUnavailable:
        '*Пошук за змістом не вдався (модель ембедингів недоступна), тому я шукав лише за ключовими словами.*',
      sourcesOnly:
        'Мовна модель зараз не може відповісти ({reason}), тому ось найвідповідніші повідомлення, які я знайшов:',
      modelUnreachable: 'сервер моделей Ollama не відповідає',
      modelMissing: 'чат-модель `{model}` не встановлена в Ollama',
      modelBusy: 'сервер моделей перевантажений',
      modelTimeout: 'модель надто довго відповідала',
      modelFailed: 'сервер моделей повернув помилку',
      inputRejected: 'питання задовге для моделі',
      modelUnauthorized: 'сервер моделей відмовив боту (треба виправити налаштування)',
      cutOff: '*(Відповідь тут обірвано: вона досягла межі довжини.)*',
      reasoningSpentBudget: 'модель витратила весь ліміт довжини на міркування й не написала відповіді',
      modelWroteNothing: 'модель повернула порожню відповідь',
      vectorDimensionMismatch:
        '*Пошуковий індекс побудовано іншою версією моделі ембедингів, тож я шукав лише за ключовими словами, доки адміністратор його не перебудує.*',
      sources: 'Джерела',
    },
    ja: {
      thinking: '考え中 …',
      privateNotice:
        'この回答は、ここにいる全員が読めるわけではないチャンネルに基づくため、あなたにだけ送りました。',
      nothingFound: 'あなたが読めるこのサーバーのメッセージには、それについての情報が見つかりませんでした。',
      tooLate:
        'すみません、Discord の返信期限（15 分）までにあなたの質問を処理できませんでした（混雑または再起動中でした）。もう一度質問してください。',
      missingConversation: '*前の回答がもう残っていないため、この質問だけに答えました。*',
      partlyHiddenConversation:
        '*これまでの会話の一部は、あなたが読めない（または削除された）メッセージに基づいていたため、省きました。*',
      interrupted:
        'この回答の送信中に再起動したため、回答が不完全かもしれません。足りない部分があればもう一度質問してください。',
      restarting: '再起動しています。あなたの質問は順番待ちのままで、戻りしだい回答します。',
      vectorUnavailable: '*検索インデックス（Chroma）が現在使えないため、キーワードだけで検索しました。*',
      embeddingUnavailable:
        '*意味による検索ができなかった（埋め込みモデルが使えない）ため、キーワードだけで検索しました。*',
      sourcesOnly:
        '言語モデルが今は回答できません（{reason}）。見つかった中で最も関連のあるメッセージはこちらです：',
      modelUnreachable: 'モデルサーバー Ollama が応答しません',
      modelMissing: 'チャットモデル `{model}` が Ollama にインストールされていません',
      modelBusy: 'モデルサーバーが過負荷です',
      modelTimeout: 'モデルの応答に時間がかかりすぎました',
      modelFailed: 'モデルサーバーがエラーを返しました',
      inputRejected: '質問がモデルには長すぎます',
      modelUnauthorized: 'モデルサーバーがボットを拒否しました（設定の修正が必要です）',
      cutOff: '*（回答はここで途切れました：長さの上限に達しました。）*',
      reasoningSpentBudget: 'モデルが長さの上限をすべて推論に使い、回答を書きませんでした',
      modelWroteNothing: 'モデルが空の回答を返しました',
      vectorDimensionMismatch:
        '*検索インデックスは別のバージョンの埋め込みモデルで作られているため、管理者が作り直すまでキーワードだけで検索しました。*',
      sources: '出典',
    },
    ko: {
      thinking: '생각 중 …',
      privateNotice:
        '이 답변은 여기 있는 모두가 읽을 수는 없는 채널을 바탕으로 하므로 비공개로 보내 드렸습니다.',
      nothingFound: '읽을 수 있는 이 서버의 메시지에서 그에 관한 내용을 찾지 못했습니다.',
      tooLate:
        '죄송합니다. Discord의 답변 제한 시간(15분) 안에 질문을 처리하지 못했습니다(바쁘거나 재시작 중이었습니다). 다시 질문해 주세요.',
      missingConversation: '*이전 답변이 더 이상 없어서 이 질문에만 답했습니다.*',
      partlyHiddenConversation:
        '*이전 대화의 일부가 읽을 수 없는(또는 삭제된) 메시지를 바탕으로 해서 그 부분은 뺐습니다.*',
      interrupted:
        '이 답변을 보내는 중에 재시작되어 답변이 완전하지 않을 수 있습니다. 빠진 부분이 있으면 다시 질문해 주세요.',
      restarting: '재시작하는 중입니다. 질문은 대기열에 남아 있으며 돌아오는 대로 답하겠습니다.',
      vectorUnavailable: '*검색 색인(Chroma)을 지금 사용할 수 없어 키워드로만 검색했습니다.*',
      embeddingUnavailable:
        '*의미 기반 검색을 할 수 없어(임베딩 모델을 사용할 수 없음) 키워드로만 검색했습니다.*',
      sourcesOnly:
        '지금은 언어 모델이 답할 수 없어서({reason}) 찾은 메시지 중 가장 관련 있는 것들을 보여 드립니다:',
      modelUnreachable: '모델 서버 Ollama가 응답하지 않습니다',
      modelMissing: '채팅 모델 `{model}`이 Ollama에 설치되어 있지 않습니다',
      modelBusy: '모델 서버에 부하가 너무 큽니다',
      modelTimeout: '모델이 답하는 데 너무 오래 걸렸습니다',
      modelFailed: '모델 서버가 오류를 반환했습니다',
      inputRejected: '질문이 모델에게 너무 깁니다',
      modelUnauthorized: '모델 서버가 봇을 거부했습니다(설정을 고쳐야 합니다)',
      cutOff: '*(답변이 여기서 잘렸습니다: 길이 한도에 도달했습니다.)*',
      reasoningSpentBudget: '모델이 길이 한도를 모두 추론에 써서 답변을 쓰지 못했습니다',
      modelWroteNothing: '모델이 빈 답변을 반환했습니다',
      vectorDimensionMismatch:
        '*검색 색인이 다른 버전의 임베딩 모델로 만들어져서, 관리자가 다시 만들 때까지 키워드로만 검색했습니다.*',
      sources: '출처',
    },
    'zh-CN': {
      thinking: '思考中 …',
      privateNotice: '这个回答用到了这里并非所有人都能阅读的频道，所以我私下发给了你。',
      nothingFound: '在你能阅读的本服务器消息中，我没有找到与此相关的内容。',
      tooLate:
        '抱歉，我没能在 Discord 的 15 分钟回复期限内处理你的问题（我当时很忙或正在重启）。请重新提问。',
      missingConversation: '*我已经没有之前的回答了，所以单独回答了这个问题。*',
      partlyHiddenConversation:
        '*之前的对话有一部分用到了你无法阅读（或已被删除）的消息，所以我略去了这部分。*',
      interrupted: '发送这个回答时我被重启了，所以回答可能不完整。如有缺漏，请重新提问。',
      restarting: '我正在重启。你的问题仍在队列中，我回来后会尽快回答。',
      vectorUnavailable: '*搜索索引（Chroma）暂时不可用，所以我只按关键词搜索了。*',
      embeddingUnavailable: '*无法进行语义搜索（嵌入模型不可用），所以我只按关键词搜索了。*',
      sourcesOnly: '语言模型现在无法回答（{reason}），以下是我找到的最相关的消息：',
      modelUnreachable: '模型服务器 Ollama 没有响应',
      modelMissing: '聊天模型 `{model}` 没有安装在 Ollama 上',
      modelBusy: '模型服务器负载过高',
      modelTimeout: '模型回答耗时过长',
      modelFailed: '模型服务器返回了错误',
      inputRejected: '问题对模型来说太长了',
      modelUnauthorized: '模型服务器拒绝了机器人（需要修正设置）',
      cutOff: '*（回答在此被截断：已达到长度上限。）*',
      reasoningSpentBudget: '模型把全部长度上限都用在了推理上，没有写出回答',
      modelWroteNothing: '模型返回了空回答',
      vectorDimensionMismatch:
        '*搜索索引是用另一个版本的嵌入模型建立的，所以在管理员重建之前我只按关键词搜索。*',
      sources: '来源',
    },
  },
);
