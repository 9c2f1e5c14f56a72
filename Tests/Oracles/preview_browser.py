#!/usr/bin/env python3
"""Drives the template preview in a real browser: headless Chromium through WebDriver (Debian's
`chromium` and `chromium-driver`, Selenium from PyPI), with the driver's path given explicitly.

usage: preview_browser.py BASE_URL OUTPUT_DIR

Loads the index and every template page it links to, at 375 and 800 CSS pixels wide; writes a
screenshot of each (OUTPUT_DIR/<page>-<width>.png) and prints JSON: for each page and width, the
title, whether the page scrolls horizontally, the subject, whether the HTML frame shows a body,
the text part's length and the .eml link.
"""

import json
import pathlib
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

base, output = sys.argv[1].rstrip("/"), pathlib.Path(sys.argv[2])
output.mkdir(parents=True, exist_ok=True)

options = webdriver.ChromeOptions()
options.binary_location = CHROMIUM
for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--hide-scrollbars",
                 "--force-device-scale-factor=1"):
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
results = []
try:
    driver.get(base + "/")
    pages = ["/"] + [link.get_attribute("href").removeprefix(base) for link in driver.find_elements(By.CSS_SELECTOR, ".locales a")]
    for page in pages:
        for width in (375, 800):
            driver.set_window_size(width, 900)
            # The window's outer size includes no chrome in headless mode; make the viewport exact.
            inner = driver.execute_script("return window.innerWidth")
            driver.set_window_size(width + (width - inner), 900)
            driver.get(base + page)
            time.sleep(0.3)
            frame_body = driver.execute_script(
                "const f = document.getElementById('html'); if (!f) return null;"
                "const d = f.contentDocument; return d && d.body ? d.body.innerText.length : 0;")
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(width + (width - inner), max(900, min(height + 40, 6000)))
            name = "index" if page == "/" else page.strip("/").replace("/", "-")
            shot = output / f"{name}-{width}.png"
            driver.save_screenshot(str(shot))
            subject = driver.find_elements(By.ID, "subject")
            text = driver.find_elements(By.ID, "text")
            eml = driver.find_elements(By.ID, "eml")
            results.append({
                "page": page, "width": width,
                "viewport": driver.execute_script("return window.innerWidth"),
                "scrollWidth": driver.execute_script("return document.documentElement.scrollWidth"),
                "title": driver.title,
                "subject": subject[0].text if subject else None,
                "frameTextLength": frame_body,
                "textLength": len(text[0].text) if text else None,
                "eml": eml[0].get_attribute("href") if eml else None,
                "screenshot": str(shot),
            })
finally:
    driver.quit()
json.dump(results, sys.stdout)
