;;; eglot.el --- Drives glm-lsp through Emacs' eglot (1.9 on Emacs 28, built in from 29)  -*- lexical-binding: t -*-
;; Run by eglot.test.mjs with `emacs --batch -Q -l eglot.el'.  Configured as docs/editors.md shows (one
;; eglot-server-programs entry per major mode, settings in eglot-workspace-configuration), then every feature through
;; eglot's own commands.  Writes what it saw as JSON to $GLM_RESULT.  Waits are bounded loops on a condition that let
;; Emacs read the server's output, never a fixed pause.
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path dir))
(require 'eglot)
(require 'json)
(require 'cl-lib)

(defvar glm-result (make-hash-table :test 'equal))
(defvar glm-messages nil)
(defvar glm-statuses nil)
(defvar glm-hover nil)
(defconst glm-server (list "dotnet" (getenv "GLM_SERVER_DLL") "--stdio"))

(defun glm-wait (what condition)
  (let ((deadline (+ (float-time) (string-to-number (or (getenv "GLM_WAIT_SECONDS") "120")))))
    (while (not (funcall condition))
      (when (> (float-time) deadline)
        (error "timed out waiting for %s" what))
      (accept-process-output nil 0.02))))

(cl-defmethod eglot-handle-notification :before (_server (_method (eql window/showMessage)) &key type message)
  (push (list (cons "type" type) (cons "message" message)) glm-messages))

(defvar glm-server-statuses nil)

;; Statuses are kept per server too: the first server's late "ready" must not count as the second one's.
(cl-defmethod eglot-handle-notification (server (_method (eql glm/status)) &key state &allow-other-keys)
  (push state glm-statuses)
  (push (cons server state) glm-server-statuses))

(defun glm-server-ready-p (server)
  (cl-some (lambda (entry) (and (eq (car entry) server) (equal (cdr entry) "ready"))) glm-server-statuses))

;; The configuration of docs/editors.md: one entry per mode, so each buffer's languageId is its own mode's.
;; eglot-workspace-configuration is buffer-local in eglot 1.9: its default value is what every buffer sees.
(setq eglot-server-programs `((text-mode . ,glm-server) (python-mode . ,glm-server))
      eglot-confirm-server-initiated-edits nil
      eglot-sync-connect 60
      eglot-connect-timeout 120)

(setq-default eglot-workspace-configuration
              `((:glm . (:completionMode "invoked" :hoverTimeBudgetMs 60000
                         ,@(and (not (string-empty-p (getenv "GLM_MODEL"))) (list :modelPath (getenv "GLM_MODEL")))))))

(defun glm-connect (file mode)
  "Visits FILE in MODE and connects eglot to it, as M-x eglot does."
  (find-file file)
  (funcall mode)
  (switch-to-buffer (current-buffer))
  (apply #'eglot (eglot--guess-contact))
  (glm-wait "eglot to connect" #'eglot-current-server)
  (eglot-current-server))

(defun glm-run ()
  (let* ((dir (getenv "GLM_WORKDIR"))
         (server (glm-connect (expand-file-name "notes.txt" dir) #'text-mode)))
    (if (not (equal (getenv "GLM_SCENARIO") "ready"))
        (glm-wait "a message" (lambda () glm-messages))
      (glm-wait "the model" (lambda () (member "ready" glm-statuses)))
      ;; Invoked completion: completion-at-point, eglot's capf, with its exit function applying the item's edit.
      (goto-char (point-min))
      (end-of-line)
      (completion-at-point)
      (puthash "completedLine" (buffer-substring-no-properties (line-beginning-position) (line-end-position)) glm-result)
      ;; A rewrite chosen from eglot's code action menu: the action carries glm.rewrite, the edit comes by applyEdit.
      (goto-char (point-max))
      (insert "we has a bad sentence")
      (let ((start (line-beginning-position)) (end (line-end-position)) (last-nonmenu-event ?\r))
        (cl-letf (((symbol-function 'completing-read) (lambda (&rest _) "Improve writing")))
          (eglot-code-actions start end nil t))
        (glm-wait "the rewrite" (lambda () (not (equal (buffer-substring-no-properties start (line-end-position)) "we has a bad sentence"))))
        (goto-char start)
        (puthash "rewrittenLine" (buffer-substring-no-properties start (line-end-position)) glm-result))
      (puthash "status" (jsonrpc-request server :glm/getStatus (make-hash-table)) glm-result)
      ;; Hover through eglot's eldoc function in a Python buffer (its own server, languageId python).
      (setq glm-statuses nil)
      (let ((python (glm-connect (expand-file-name "sum.py" dir) #'python-mode)))
        (glm-wait "the second model" (lambda () (glm-server-ready-p python)))
        (goto-char (point-min))
        (forward-char 4)
        (eglot-hover-eldoc-function (lambda (info &rest _) (setq glm-hover info)))
        (glm-wait "the hover" (lambda () glm-hover))
        (puthash "hover" (substring-no-properties glm-hover) glm-result)
        (eglot-shutdown python)))
    (let ((process (jsonrpc--process server)))
      (eglot-shutdown server)
      (glm-wait "the server to exit" (lambda () (not (process-live-p process))))
      (puthash "exitCode" (process-exit-status process) glm-result))))

(condition-case failure
    (glm-run)
  (error (puthash "error" (error-message-string failure) glm-result)))
(puthash "messages" (vconcat (reverse glm-messages)) glm-result)
(puthash "statuses" (vconcat (reverse glm-statuses)) glm-result)
(with-temp-file (getenv "GLM_RESULT")
  (insert (json-encode glm-result)))
(kill-emacs 0)
