-- Drives glm-lsp through Neovim's own LSP client (vim.lsp, Neovim 0.7+): started as docs/editors.md shows for 0.7, then
-- every feature through the functions a user calls. Run headless by neovim.test.mjs; writes what it saw as JSON to
-- $GLM_RESULT and quits. Waits are vim.wait on a condition with a generous bound, never a fixed pause.
local result = { messages = {}, statuses = {}, steps = {} }
local env = vim.env
local timeout = 120000

local function wait_for(what, condition)
  if not vim.wait(timeout, condition, 20) then
    error('timed out waiting for ' .. what)
  end
end

local function finish()
  local file = io.open(env.GLM_RESULT, 'w')
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd('qa!')
end

local function run()
  -- The cursor may stand after a line's last character, where a user typing in insert mode has it.
  vim.o.virtualedit = 'onemore'
  vim.cmd('edit ' .. vim.fn.fnameescape(env.GLM_DOCUMENT))
  local bufnr = vim.api.nvim_get_current_buf()
  local settings = { glm = { completionMode = 'invoked', hoverTimeBudgetMs = 60000 } }
  if env.GLM_MODEL ~= '' then
    settings.glm.modelPath = env.GLM_MODEL
  end

  -- The snippet of docs/editors.md for Neovim 0.7 (vim.lsp.start_client), plus handlers that record what arrives.
  local client_id = vim.lsp.start_client({
    name = 'glm-lsp',
    cmd = { 'dotnet', env.GLM_SERVER_DLL, '--stdio' },
    root_dir = vim.fn.getcwd(),
    settings = settings,
    -- Neovim 0.7 sends no settings by itself: pushed right after 'initialized', as nvim-lspconfig does.
    on_init = function(client)
      client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
    end,
    handlers = {
      ['window/showMessage'] = function(_, params)
        table.insert(result.messages, params)
      end,
      ['glm/status'] = function(_, params)
        table.insert(result.statuses, params.state)
      end,
    },
    on_exit = function(code)
      result.exit_code = code
    end,
  })
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  wait_for('initialize', function() return client.initialized end)

  if env.GLM_SCENARIO ~= 'ready' then
    wait_for('a message', function() return #result.messages > 0 end)
  else
    wait_for('the model', function() return vim.tbl_contains(result.statuses, 'ready') end)

    -- Invoked completion: the request Neovim's omnifunc makes, through the client; the item applied as omnifunc would.
    vim.api.nvim_win_set_cursor(0, { 1, #vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1] })
    local answers = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', vim.lsp.util.make_position_params(), timeout)
    local list = answers[client_id].result
    local items = vim.lsp.util.text_document_completion_list_to_complete_items(list, 'why')
    result.completion_words = vim.tbl_map(function(item) return item.word end, items)
    vim.lsp.util.apply_text_edits({ list.items[1].textEdit }, bufnr, 'utf-16')
    result.steps.completed_line = vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1]

    -- An edit Neovim sends as an incremental didChange, then hover on the comment it added (vim.lsp.buf.hover's float).
    vim.api.nvim_buf_set_lines(bufnr, 1, 1, false, { '', '<!-- 这是注释 -->', '', 'we has a bad sentence' })
    vim.api.nvim_win_set_cursor(0, { 3, 7 })
    vim.lsp.buf.hover()
    local float
    wait_for('the hover window', function()
      for _, window in ipairs(vim.api.nvim_list_wins()) do
        if vim.api.nvim_win_get_config(window).relative ~= '' then
          float = window
          return true
        end
      end
      return false
    end)
    result.hover = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false), '\n')
    vim.api.nvim_win_close(float, true)

    -- A rewrite chosen from Neovim's own code action menu (vim.ui.select answered as a user would).
    vim.ui.select = function(items, opts, on_choice)
      for index, item in ipairs(items) do
        local title = opts.format_item and opts.format_item(item) or item[2].title
        if title:find('Improve writing', 1, true) then
          return on_choice(item, index)
        end
      end
      on_choice(nil, nil)
    end
    vim.lsp.buf.range_code_action(nil, { 5, 0 }, { 5, 21 })
    wait_for('the rewrite', function()
      return vim.api.nvim_buf_get_lines(bufnr, 4, 5, false)[1] ~= 'we has a bad sentence'
    end)
    result.rewritten_line = vim.api.nvim_buf_get_lines(bufnr, 4, 5, false)[1]

    result.status = client.request_sync('glm/getStatus', vim.empty_dict(), timeout, bufnr).result
  end

  client.stop()
  wait_for('the server to exit', function() return result.exit_code ~= nil end)
end

local ok, failure = pcall(run)
if not ok then
  result.error = tostring(failure)
end
finish()
