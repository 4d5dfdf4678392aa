"use strict";
// The TaskOverflow page: everything goes through the public /api/v1 routes.
const api = "/api/v1/todos";
const list = document.getElementById("todos");
const form = document.getElementById("new-todo");
const errorBox = document.getElementById("error");

async function call(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json();
  if (!response.ok) {
    throw new Error(data.error || response.statusText);
  }
  return data;
}

function showError(error) {
  errorBox.textContent = error ? error.message : "";
  errorBox.hidden = !error;
}

function render(todos) {
  list.replaceChildren(...todos.map(item));
  document.getElementById("empty").hidden = todos.length > 0;
}

function item(todo) {
  const li = document.createElement("li");
  li.dataset.id = todo.id;
  li.className = todo.completed ? "todo done" : "todo";

  const done = document.createElement("input");
  done.type = "checkbox";
  done.className = "complete";
  done.checked = todo.completed;
  done.setAttribute("aria-label", "completed");
  done.addEventListener("change", () => act(() => call("PUT", `${api}/${todo.id}`, { completed: done.checked })));

  const text = document.createElement("span");
  text.className = "text";
  const title = document.createElement("strong");
  title.className = "title";
  title.textContent = todo.title;
  text.append(title);
  if (todo.description) {
    const description = document.createElement("span");
    description.className = "description";
    description.textContent = todo.description;
    text.append(description);
  }
  if (todo.deadline_at) {
    const deadline = document.createElement("time");
    deadline.className = "deadline";
    deadline.dateTime = todo.deadline_at;
    deadline.textContent = "due " + todo.deadline_at.replace("T", " ").slice(0, 16) + " UTC";
    text.append(deadline);
  }

  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "delete";
  remove.textContent = "Delete";
  remove.addEventListener("click", () => act(() => call("DELETE", `${api}/${todo.id}`)));

  li.append(done, text, remove);
  return li;
}

async function act(change) {
  try {
    await change();
    showError(null);
  } catch (error) {
    showError(error);
  }
  await refresh();
}

async function refresh() {
  try {
    render(await call("GET", api));
  } catch (error) {
    showError(error);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const deadline = form.deadline.value;
  const todo = { title: form.title.value };
  if (form.description.value) todo.description = form.description.value;
  // datetime-local is the browser's local time; send it with its offset so the server stores UTC.
  if (deadline) todo.deadline_at = new Date(deadline).toISOString();
  act(async () => {
    await call("POST", api, todo);
    form.reset();
  });
});

refresh();
